package io.eventgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.common.config.SettingsLoader;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every default is written once, in {@code conf/config.json}; the configuration tables of docs/OPERATIONS.md
 * with docs/CLUSTER.md, and of docs/API.md section 9, are checked against it here: every setting the loader
 * reads is in them, and where conf/config.json gives a default, the table's default column says the same.
 */
class ConfigurationDocsTest {

  private static final Pattern CODE = Pattern.compile("`([^`]*)`");

  @ParameterizedTest
  @ValueSource(strings = {"docs/OPERATIONS.md docs/CLUSTER.md", "docs/API.md"})
  void theConfigurationTableSaysWhatConfigJsonSays(String document) throws IOException {
    JsonObject defaults = new JsonObject(Files.readString(Repository.root().resolve("conf/config.json")));
    StringBuilder tables = new StringBuilder();
    for (String file : document.split(" ")) {
      tables.append(Files.readString(Repository.root().resolve(file))).append('\n');
    }
    Map<String, String> documented = defaultsDocumented(tables.toString());

    assertThat(documented.keySet()).as("settings in the tables of %s", document)
        .containsAll(SettingsLoader.KEYS);
    assertThat(SettingsLoader.KEYS).as("the loader reads the settings conf/config.json lists")
        .containsExactlyElementsOf(defaults.fieldNames());
    for (String key : defaults.fieldNames()) {
      if (defaults.getValue(key) == null) {
        continue; // no default: the table says what happens when it is unset
      }
      String value = String.valueOf(defaults.getValue(key));
      String cell = documented.get(key);
      if (value.isEmpty()) {
        assertThat(cell).as("%s's default in %s", key, document).containsAnyOf("none", "unset");
      } else {
        assertThat(codeSpans(cell)).as("%s's default in %s: %s", key, document, cell).contains(value);
      }
    }
  }

  /**
   * The default column of every table row that names settings: {@code | `A`, `B` | meaning | `1`, `2` |}
   * gives A the first part of the last cell and B the second; a row naming one setting gives it the whole.
   */
  private static Map<String, String> defaultsDocumented(String markdown) {
    Map<String, String> defaults = new HashMap<>();
    for (String line : markdown.split("\n")) {
      if (!line.startsWith("| `")) {
        continue;
      }
      String[] cells = line.substring(1, line.lastIndexOf('|')).split(" \\| ");
      List<String> keys = codeSpans(cells[0]).stream().filter(key -> key.matches("[A-Z][A-Z0-9_]+")).toList();
      if (keys.isEmpty() || cells.length < 3) {
        continue;
      }
      String last = cells[cells.length - 1].trim();
      String[] parts = last.split(", ");
      for (int i = 0; i < keys.size(); i++) {
        defaults.put(keys.get(i), keys.size() > 1 && parts.length == keys.size() ? parts[i] : last);
      }
    }
    return defaults;
  }

  private static List<String> codeSpans(String text) {
    List<String> spans = new ArrayList<>();
    Matcher matcher = CODE.matcher(text == null ? "" : text);
    while (matcher.find()) {
      spans.add(matcher.group(1));
    }
    return spans;
  }
}
