package io.eventgate.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.common.api.Status;
import io.eventgate.gateway.registry.Auth;
import io.eventgate.gateway.registry.RegistrySnapshot;
import io.eventgate.gateway.registry.RouteRecord;
import io.eventgate.gateway.registry.ServiceRecord;
import io.eventgate.gateway.users.LoginThrottle;
import io.eventgate.gateway.users.UsersVerticle;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API docs of the shipped registry (conf/registry.json) plus routes a request cannot reach: the OpenAPI
 * document is checked by a maintained parser, and the HTML page for what a reader needs and for escaping.
 */
class ApiDocsTest {

  private static final String SERVER = "http://127.0.0.1:8080";
  private static final String READ = "/api/v1/appointments/read";
  private static final String LOGIN = "/api/v1/users/login";
  private static final String LOGOUT = "/api/v1/users/logout";
  private static final String REGISTER = "/api/v1/users/client_register";
  /** Deployed on a deployed service, so documented: its description must come out escaped in HTML. */
  private static final String ECHO = "/api/v1/users/echo";
  private static final String ECHO_DESCRIPTION = "Echo <script>alert('x')</script> & \"more\"";
  private static final String UNDEPLOYED = "/api/v1/users/undeployed";
  private static final String MISSING_SERVICE = "/api/v1/ghosts/haunt";
  private static final String UNDEPLOYED_SERVICE = "/api/v1/dormant/wake";

  /** What the gateway's wiring hands the docs: the default body limit and the users service's own actions. */
  private static final DocsFacts FACTS = new DocsFacts(65_536,
      DocsFacts.actions(UsersVerticle.ADDRESS, UsersVerticle.EMAIL_SENDING_ACTIONS),
      Map.of(UsersVerticle.ADDRESS + ' ' + UsersVerticle.LOGIN, LoginThrottle.RULE));
  private static final ApiDocs API_DOCS = new ApiDocs(FACTS);
  private static final StatusDocs STATUS_DOCS = new StatusDocs(FACTS);

  private static RegistrySnapshot snapshot;
  private static JsonObject openApiJson;
  private static OpenAPI openApi;
  private static String html;

  @BeforeAll
  static void generate() throws IOException {
    JsonObject seed = new JsonObject(Files.readString(Path.of("../conf/registry.json")));
    List<ServiceRecord> services = new ArrayList<>();
    for (Object item : seed.getJsonArray("services")) {
      JsonObject s = (JsonObject) item;
      services.add(new ServiceRecord(s.getString("name"), s.getString("address"), s.getBoolean("deployed"),
          s.getInteger("timeout_ms"), s.getString("description")));
    }
    services.add(new ServiceRecord("dormant", "dormant", false, 5000, "Not deployed."));
    List<RouteRecord> routes = new ArrayList<>();
    for (Object item : seed.getJsonArray("routes")) {
      JsonObject r = (JsonObject) item;
      routes.add(new RouteRecord(r.getString("method"), r.getString("path"), r.getString("service"),
          r.getString("action"), r.getBoolean("deployed"), Auth.fromCode(r.getString("auth")),
          r.getBoolean("sensitive_params"), RouteRecord.paramsFromJson(r.getJsonArray("params")),
          r.getString("description")));
    }
    routes.add(new RouteRecord("GET", ECHO, "users", "echo", true, Auth.NONE, false,
        RouteRecord.paramsFromJson(new JsonArray().add(new JsonObject().put("name", "count").put("type", "integer")
            .put("values", new JsonArray().add(1).add(2).add(3)).put("default", 2))),
        ECHO_DESCRIPTION));
    routes.add(new RouteRecord("POST", UNDEPLOYED, "users", "undeployed", false, Auth.NONE, false, List.of(),
        "Not deployed."));
    routes.add(new RouteRecord("POST", MISSING_SERVICE, "ghosts", "haunt", true, Auth.NONE, false, List.of(),
        "Its service record is missing."));
    routes.add(new RouteRecord("POST", UNDEPLOYED_SERVICE, "dormant", "wake", true, Auth.NONE, false, List.of(),
        "Its service is not deployed."));
    snapshot = new RegistrySnapshot(routes, services, 1);

    openApiJson = API_DOCS.openApi(snapshot, SERVER);
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(openApiJson.encodePrettily(), null, options);
    assertThat(result.getMessages()).as("parser messages").isEmpty();
    openApi = result.getOpenAPI();
    html = API_DOCS.html(snapshot);
  }

  // --- OpenAPI ---

  @Test
  void isAValidOpenApi31DocumentOfTheDeployedRoutesOnly() {
    assertThat(openApi.getOpenapi()).startsWith("3.1");
    assertThat(openApi.getInfo().getTitle()).isEqualTo("eventgate API");
    assertThat(openApi.getInfo().getVersion()).isEqualTo("1");
    assertThat(openApi.getServers()).singleElement().satisfies(server -> assertThat(server.getUrl()).isEqualTo(SERVER));
    // sorted by path, as written
    assertThat(openApiJson.getJsonObject("paths").fieldNames())
        .containsExactly(READ, REGISTER, ECHO, LOGIN, LOGOUT);
    assertThat(openApi.getPaths()).doesNotContainKeys(UNDEPLOYED, MISSING_SERVICE, UNDEPLOYED_SERVICE);
  }

  @Test
  void theParserDoesReportABrokenDocument() {
    // guards the emptiness check above against a parser that would accept anything
    JsonObject broken = openApiJson.copy();
    broken.remove("info");
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(broken.encode(), null, new ParseOptions());
    assertThat(result.getMessages()).anySatisfy(message -> assertThat(message).contains("info"));
  }

  @Test
  void operationsCarryIdsTagsSecurityAndExtensions() {
    Operation read = openApi.getPaths().get(READ).getPost();
    assertThat(read.getOperationId()).isEqualTo("postApiV1AppointmentsRead");
    assertThat(read.getSummary()).isEqualTo("Read one appointment, shaped by a view.");
    assertThat(read.getTags()).containsExactly("appointments");
    assertThat(read.getSecurity()).singleElement().satisfies(requirement ->
        assertThat(requirement).containsOnlyKeys("bearerAuth"));
    assertThat(read.getExtensions()).containsEntry("x-eventgate-auth", "role")
        .containsEntry("x-eventgate-service", "appointments").containsEntry("x-eventgate-action", "read");
    assertThat(openApi.getComponents().getSecuritySchemes().get("bearerAuth").getBearerFormat()).isEqualTo("JWT");

    Operation login = openApi.getPaths().get(LOGIN).getPost();
    assertThat(login.getSecurity()).isNullOrEmpty();
    assertThat(login.getExtensions()).containsEntry("x-eventgate-auth", "none");
    assertThat(openApi.getPaths().get(LOGOUT).getPost().getSecurity()).hasSize(1);

    List<String> ids = openApi.getPaths().values().stream()
        .flatMap(item -> item.readOperations().stream()).map(Operation::getOperationId).toList();
    assertThat(ids).doesNotHaveDuplicates().hasSize(5);
  }

  @Test
  void readBodyIsAnObjectBuiltFromTheParamSpecs() {
    RequestBody body = openApi.getPaths().get(READ).getPost().getRequestBody();
    assertThat(body.getRequired()).isTrue();
    Schema<?> schema = body.getContent().get("application/json").getSchema();
    assertThat(schema.getTypes()).containsExactly("object");
    assertThat(schema.getRequired()).containsExactly("_id");
    // unknown params are ignored, so the schema allows them (the parser reads `true` as a boolean schema)
    assertThat(schema.getAdditionalProperties()).isInstanceOfSatisfying(Schema.class,
        allowed -> assertThat(allowed.getBooleanSchemaValue()).isTrue());

    Schema<?> id = schema.getProperties().get("_id");
    assertThat(id.getTypes()).containsExactly("string");
    assertThat(id.getFormat()).isEqualTo("uuid");
    assertThat(id.getMaxLength()).isEqualTo(100);

    Schema<?> view = schema.getProperties().get("view");
    assertThat(new ArrayList<Object>(view.getEnum())).containsExactly("default", "uss_scheduler_view", "uss_availability_view",
        "notification_parameters");
    assertThat(view.getDefault()).isEqualTo("default");
    // params keep the order the route checks them in
    assertThat(schema.getProperties().keySet()).containsExactly("view", "_id");
  }

  @Test
  void sensitiveLoginBodyIsBase64OfTheParamsObject() {
    RequestBody body = openApi.getPaths().get(LOGIN).getPost().getRequestBody();
    assertThat(body.getDescription()).contains("base64");
    Schema<?> schema = body.getContent().get("application/json").getSchema();
    assertThat(schema.getTypes()).containsExactly("string");
    assertThat(schema.getContentEncoding()).isEqualTo("base64");
    assertThat(schema.getContentMediaType()).isEqualTo("application/json");
    Schema<?> decoded = schema.getContentSchema();
    assertThat(decoded.getTypes()).containsExactly("object");
    assertThat(decoded.getRequired()).containsExactly("email", "password");
    assertThat(decoded.getProperties().get("email").getFormat()).isEqualTo("email");
    assertThat(decoded.getProperties().get("email").getMaxLength()).isEqualTo(254);
    Schema<?> rememberMe = decoded.getProperties().get("remember_me");
    assertThat(rememberMe.getTypes()).containsExactly("boolean");
    assertThat(rememberMe.getDefault()).isEqualTo(false);
  }

  @Test
  void logoutWithoutParamsHasAnOptionalBody() {
    RequestBody body = openApi.getPaths().get(LOGOUT).getPost().getRequestBody();
    assertThat(body.getRequired()).isNotEqualTo(true);
    assertThat(openApi.getPaths().get(LOGOUT).getPost().getResponses())
        .containsOnlyKeys("200", "400", "401", "413", "500", "503", "504");
    assertThat(openApi.getPaths().get(LOGOUT).getPost().getResponses().get("400").getDescription())
        .contains("invalid-content-type", "invalid-encoded-params")
        .doesNotContain("no-params-decoded", "missing-param", "invalid-param");
  }

  @Test
  void responsesAreGroupedByHttpCodeAndNameEachStatus() {
    ApiResponses read = openApi.getPaths().get(READ).getPost().getResponses();
    assertThat(read).containsKeys("200", "400", "401", "413", "500", "503", "504");
    assertThat(read.get("200").getDescription()).contains("action-successful");
    assertThat(read.get("401").getDescription()).contains("invalid-token", "session-expired", "client-required");
    assertThat(read.get("400").getDescription()).contains("missing-param", "invalid-param", "invalid-content-type",
        "no-params-decoded", "invalid-encoded-params");
    assertThat(read.get("500").getDescription()).contains("application-crash").doesNotContain("mandrill");
    assertThat(read.get("504").getDescription()).contains("service-timeout", "5000 ms");
    assertThat(read.get("401").getContent().get("application/json").getSchema().get$ref())
        .isEqualTo("#/components/schemas/Envelope");

    ApiResponses login = openApi.getPaths().get(LOGIN).getPost().getResponses();
    assertThat(login).doesNotContainKey("401");
    ApiResponses logout = openApi.getPaths().get(LOGOUT).getPost().getResponses();
    assertThat(logout.get("401").getDescription()).contains("invalid-token").doesNotContain("client-required");
    ApiResponses register = openApi.getPaths().get(REGISTER).getPost().getResponses();
    assertThat(register.get("500").getDescription()).contains("mandrill-email-failed");
  }

  @Test
  void envelopeSchemaListsEveryCatalogStatus() {
    Schema<?> envelope = openApi.getComponents().getSchemas().get("Envelope");
    assertThat(envelope.getRequired()).containsExactlyInAnyOrder("status", "message", "request_id");
    assertThat(envelope.getProperties()).containsOnlyKeys("status", "message", "data", "session", "param",
        "request_id");
    Schema<?> status = envelope.getProperties().get("status");
    assertThat(new ArrayList<Object>(status.getEnum())).containsExactlyElementsOf(Stream.of(Status.values()).map(Status::code).toList());
  }

  @Test
  void statusRulesFollowAuthAndParams() {
    Map<String, DocumentedRoute> routes = ApiDocs.documentedRoutes(snapshot).stream()
        .collect(Collectors.toMap(documented -> documented.route().path(), documented -> documented));
    assertThat(statuses(routes.get(LOGIN)))
        .doesNotContain(Status.INVALID_TOKEN, Status.SESSION_EXPIRED, Status.CLIENT_REQUIRED)
        .contains(Status.MISSING_PARAM, Status.INVALID_PARAM, Status.NO_PARAMS_DECODED);
    assertThat(statuses(routes.get(LOGOUT)))
        .contains(Status.INVALID_TOKEN, Status.SESSION_EXPIRED)
        .doesNotContain(Status.CLIENT_REQUIRED, Status.NO_PARAMS_DECODED, Status.MISSING_PARAM);
    assertThat(statuses(routes.get(READ))).contains(Status.CLIENT_REQUIRED);
    assertThat(statuses(routes.get(ECHO))).contains(Status.INVALID_PARAM).doesNotContain(Status.MISSING_PARAM);
    // a documented route never answers the identify stage's statuses on its own account
    routes.values().forEach(documented -> assertThat(statuses(documented))
        .doesNotContainAnyElementsOf(StatusDocs.identifyStatuses()));
  }

  @Test
  void whatTheRegistryDoesNotSayComesFromTheFactsHandedIn() {
    Map<String, DocumentedRoute> routes = ApiDocs.documentedRoutes(snapshot).stream()
        .collect(Collectors.toMap(documented -> documented.route().path(), documented -> documented));
    assertThat(statuses(routes.get(REGISTER))).contains(Status.MANDRILL_EMAIL_FAILED);
    assertThat(statuses(routes.get(LOGOUT))).doesNotContain(Status.MANDRILL_EMAIL_FAILED);
    assertThat(STATUS_DOCS.when(Status.RATE_LIMITED, routes.get(LOGIN))).contains("Too many failed logins");
    StatusDocs bare = new StatusDocs(new DocsFacts(1_000, Set.of(), Map.of()));
    assertThat(bare.forRoute(routes.get(REGISTER)).stream().map(StatusDocs.RouteStatus::status))
        .doesNotContain(Status.MANDRILL_EMAIL_FAILED);
    assertThat(bare.when(Status.RATE_LIMITED, routes.get(LOGIN))).doesNotContain("Too many failed logins");
    // the body limit is the one in force, not a literal
    assertThat(STATUS_DOCS.meaning(Status.REQUEST_TOO_LARGE)).endsWith("(64 KiB).");
    assertThat(bare.meaning(Status.REQUEST_TOO_LARGE)).endsWith("(1000 bytes).");
    assertThat(new StatusDocs(new DocsFacts(131_072, Set.of(), Map.of())).meaning(Status.REQUEST_TOO_LARGE))
        .endsWith("(128 KiB).");
  }

  // --- HTML ---

  @Test
  void htmlDocumentsEachReachableRouteOnly() {
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").doesNotContain("<script", "<link", "src=");
    for (String path : List.of(READ, ECHO, REGISTER, LOGIN, LOGOUT)) {
      assertThat(html).contains("<code>" + path + "</code>");
    }
    assertThat(html).doesNotContain(UNDEPLOYED, MISSING_SERVICE, UNDEPLOYED_SERVICE);
    assertThat(html).contains("uss_availability_view", "base64", "Status catalog", "Responses", "Params");
  }

  @Test
  void htmlEscapesRegistryStrings() {
    assertThat(html).doesNotContain("<script>")
        .contains("Echo &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;");
    assertThat(HtmlDocsWriter.escape("<a href=\"x\" title='y'>&amp;</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
    assertThat(HtmlDocsWriter.escape(null)).isEmpty();
  }

  @Test
  void htmlHasTheWholeStatusCatalog() {
    String catalog = html.substring(html.indexOf("Status catalog"));
    for (Status status : Status.values()) {
      assertThat(catalog).contains("<code>" + status.code() + "</code></td><td>" + status.httpStatus() + "</td>");
    }
  }

  private static List<Status> statuses(DocumentedRoute documented) {
    return STATUS_DOCS.forRoute(documented).stream().map(StatusDocs.RouteStatus::status).toList();
  }
}
