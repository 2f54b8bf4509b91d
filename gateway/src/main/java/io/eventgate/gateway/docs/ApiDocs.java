package io.eventgate.gateway.docs;

import io.eventgate.gateway.registry.RegistrySnapshot;
import io.eventgate.gateway.registry.RegistrySnapshot.ResolvedRoute;
import io.eventgate.gateway.registry.RouteRecord;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The API documentation of a registry snapshot (docs/API.md section 10): an OpenAPI 3.1 document and a
 * self-contained HTML page. Both describe the same routes: those a request can reach right now.
 */
public final class ApiDocs {

  private final StatusDocs statuses;

  /** @param facts what the docs say beyond the registry: the body limit, the actions that email or throttle */
  public ApiDocs(DocsFacts facts) {
    this.statuses = new StatusDocs(facts);
  }

  /** The OpenAPI 3.1.0 document of the reachable routes, served from {@code serverUrl}. */
  public JsonObject openApi(RegistrySnapshot snapshot, String serverUrl) {
    return OpenApiWriter.write(documentedRoutes(snapshot), serverUrl, statuses);
  }

  /** A readable HTML page of the reachable routes, with no external resources. */
  public String html(RegistrySnapshot snapshot) {
    return HtmlDocsWriter.write(documentedRoutes(snapshot), statuses);
  }

  /**
   * The routes that would not answer route-not-found or service-not-found, sorted by path then method,
   * chosen by the same rule as the pipeline's ({@link RegistrySnapshot#deployedRoutes}), so the docs cannot
   * list a route the gateway would refuse, nor leave out one it would serve.
   */
  static List<DocumentedRoute> documentedRoutes(RegistrySnapshot snapshot) {
    List<ResolvedRoute> reachable = snapshot.deployedRoutes();
    // Ids are handed out in the sorted order, so the same registry always gives the same ids.
    Set<String> taken = new HashSet<>();
    List<DocumentedRoute> documented = new ArrayList<>();
    for (ResolvedRoute resolved : reachable) {
      String id = operationId(resolved.route());
      String unique = id;
      for (int n = 2; !taken.add(unique); n++) {
        unique = id + '_' + n;
      }
      documented.add(new DocumentedRoute(resolved.route(), resolved.service(), snapshot.cors(resolved.route()),
          unique));
    }
    return documented;
  }

  /**
   * The method in lower case, then each word of the path capitalized: {@code POST /api/v1/users/client_register}
   * gives {@code postApiV1UsersClientRegister}. Paths that differ only in punctuation give the same id, which
   * {@link #documentedRoutes} then numbers.
   */
  static String operationId(RouteRecord route) {
    StringBuilder id = new StringBuilder(route.method().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", ""));
    for (String word : route.path().split("[^A-Za-z0-9]+")) {
      if (!word.isEmpty()) {
        id.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
    }
    return id.toString();
  }
}
