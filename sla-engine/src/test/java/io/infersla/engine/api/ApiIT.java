package io.infersla.engine.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST API against a real PostgreSQL: authentication, tenant isolation, validation, masking. */
@QuarkusTest
@WithTestResource(ApiDatabase.class)
class ApiIT {

    private static final String ROUTING_KEY = "R0UTINGKEY0123456789abcdefABCDEF";

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json");
    }

    private static void sql(String statements) throws Exception {
        try (Connection c = ApiDatabase.db.connection(); Statement st = c.createStatement()) {
            st.execute(statements);
        }
    }

    @BeforeEach
    void emptyTables() throws Exception {
        sql("TRUNCATE sla.alert_outbox, sla.breaches, sla.maintenance_windows, sla.contracts, sla.evaluations CASCADE");
    }

    @Test
    void everyRouteNeedsAKnownBearerToken() {
        for (String path : new String[] {"/api/v1/catalog", "/api/v1/contracts", "/api/v1/status", "/api/v1/breaches",
                "/api/v1/alerts/deliveries"}) {
            given().when().get(path).then().statusCode(401)
                    .header("WWW-Authenticate", "Bearer realm=\"infersla\"")
                    .body("error", equalTo("a bearer token is required: Authorization: Bearer <token>"));
            as("not-a-known-token-000000").when().get(path).then().statusCode(401);
        }
        as(ApiDatabase.ACME_TOKEN).when().get("/api/v1/catalog").then().statusCode(200)
                .body("categories", hasSize(20));
    }

    @Test
    void aContractIsStoredWithItsSecretsMaskedAndOnlyItsTenantSeesIt() {
        String body = as(ApiDatabase.ACME_TOKEN).body("""
                {"display_name": "Gold", "time_zone": "Europe/Paris",
                 "definition": {"objectives": {"chatbot": {"ttft_p95": {"limit": 250}}},
                                "alerts": {"pagerduty": {"routing_key_secret": "pd_key"}}},
                 "secrets": {"pd_key": "%s"}}""".formatted(ROUTING_KEY))
                .when().put("/api/v1/contracts/gold")
                .then().statusCode(200)
                .body("contract", equalTo("gold"))
                .body("time_zone", equalTo("Europe/Paris"))
                .body("definition.objectives.chatbot.ttft_p95.limit", equalTo(250))
                .body("secrets.pd_key", equalTo("********"))
                .extract().asString();
        assertThat(body).doesNotContain(ROUTING_KEY);

        // a change without secrets keeps them
        as(ApiDatabase.ACME_TOKEN).body("""
                {"definition": {"alerts": {"pagerduty": {"routing_key_secret": "pd_key"}}}}""")
                .when().put("/api/v1/contracts/gold").then().statusCode(200).body("secrets.pd_key", equalTo("********"));
        String listed = as(ApiDatabase.ACME_TOKEN).when().get("/api/v1/contracts").then().statusCode(200)
                .body("contracts.contract", contains("gold")).extract().asString();
        assertThat(listed).doesNotContain(ROUTING_KEY)
                .as("the layout scripts match, e.g. the launcher's LocalCommandIT").contains("\n      \"contract\": \"gold\",\n");

        as(ApiDatabase.GLOBEX_TOKEN).when().get("/api/v1/contracts/gold").then().statusCode(404);
        as(ApiDatabase.GLOBEX_TOKEN).when().get("/api/v1/contracts").then().statusCode(200).body("contracts", empty());
    }

    @Test
    void anInvalidContractIsRefusedWithEveryProblemAndNothingIsStored() {
        String body = as(ApiDatabase.ACME_TOKEN).body("""
                {"time_zone": "Mars/Olympus",
                 "definition": {"objectives": {"chatbot": {"ttft_p95": {"window": "10m"}}, "chatbots": {}},
                                "alerts": {"pagerduty": {"routing_key_secret": "pd_key"}}},
                 "secrets": {"other": "%s"}}""".formatted(ROUTING_KEY))
                .when().put("/api/v1/contracts/gold")
                .then().statusCode(400)
                .body("error", equalTo("the contract is not valid"))
                .body("problems", containsInAnyOrder(
                        equalTo("body.time_zone: must be an IANA time zone like Europe/Paris, was 'Mars/Olympus'"),
                        equalTo("body.definition.objectives.chatbot.ttft_p95.window: cannot be set by a contract (windows,"
                                + " steps and statistics come from the catalog); allowed: target, limit, min_samples, off, basis"),
                        org.hamcrest.Matchers.startsWith("body.definition.objectives.chatbots: unknown category; the catalog has chatbot, "),
                        equalTo("body.definition.alerts: refers to secret 'pd_key', which is not set; send it in body.secrets")))
                .extract().asString();
        assertThat(body).doesNotContain(ROUTING_KEY);
        as(ApiDatabase.ACME_TOKEN).when().get("/api/v1/contracts/gold").then().statusCode(404);
        as(ApiDatabase.ACME_TOKEN).body("[1, 2]").when().put("/api/v1/contracts/gold").then().statusCode(400)
                .body("problems", contains("body: must be an object, was an array"));
        as(ApiDatabase.ACME_TOKEN).body("{\"definition\": ").when().put("/api/v1/contracts/gold").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.startsWith("the request body is not JSON: "));
    }

    @Test
    void maintenanceWindowsArePlannedListedAndRemoved() {
        as(ApiDatabase.ACME_TOKEN).body("{}").when().put("/api/v1/contracts/gold").then().statusCode(200);
        Instant start = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

        String location = as(ApiDatabase.ACME_TOKEN).body("""
                {"starts_at": "%s", "ends_at": "%s", "service": "chat-api", "reason": "GPU driver upgrade"}"""
                .formatted(start, start.plus(2, ChronoUnit.HOURS)))
                .when().post("/api/v1/contracts/gold/maintenance")
                .then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.matchesPattern(".*/api/v1/contracts/gold/maintenance/\\d+"))
                .body("starts_at", equalTo(start.toString()))
                .body("service", equalTo("chat-api"))
                .body("category", nullValue())
                .extract().header("Location");
        as(ApiDatabase.ACME_TOKEN).when().get("/api/v1/contracts/gold/maintenance").then().statusCode(200)
                .body("maintenance_windows.reason", contains("GPU driver upgrade"));

        as(ApiDatabase.ACME_TOKEN).body("""
                {"starts_at": "%s", "ends_at": "%s", "when": "now"}""".formatted(start, start))
                .when().post("/api/v1/contracts/gold/maintenance").then().statusCode(400)
                .body("problems", containsInAnyOrder(
                        "body.when: unknown field; allowed: starts_at, ends_at, service, category, model, reason",
                        "body.ends_at: must be after starts_at " + start + ", was " + start));
        as(ApiDatabase.ACME_TOKEN).body("""
                {"starts_at": "%s", "ends_at": "%s", "category": "chatbots"}""".formatted(start, start.plusSeconds(60)))
                .when().post("/api/v1/contracts/gold/maintenance").then().statusCode(400)
                .body("problems", contains("body.category: must be a catalog category (see /api/v1/catalog), was 'chatbots'"));
        as(ApiDatabase.GLOBEX_TOKEN).body("""
                {"starts_at": "%s", "ends_at": "%s"}""".formatted(start, start.plusSeconds(60)))
                .when().post("/api/v1/contracts/gold/maintenance").then().statusCode(404);

        String path = location.substring(location.indexOf("/api/v1/"));
        as(ApiDatabase.GLOBEX_TOKEN).when().delete(path.replace("/gold/", "/gold/")).then().statusCode(404);
        as(ApiDatabase.ACME_TOKEN).when().delete(path).then().statusCode(204);
        as(ApiDatabase.ACME_TOKEN).when().delete(path).then().statusCode(404);
        as(ApiDatabase.ACME_TOKEN).when().get("/api/v1/contracts/gold/maintenance").then().body("maintenance_windows", empty());
    }

    @Test
    void aBadPathOrQueryParameterIsA400NamingIt() {
        as(ApiDatabase.ACME_TOKEN).when().get("/api/v1/breaches?limit=99999999999").then().statusCode(400)
                .contentType("application/json")
                .body("error", equalTo("query parameter limit must be an integer 1..1000, was '99999999999'"));
        as(ApiDatabase.ACME_TOKEN).when().get("/api/v1/breaches?limit=ten").then().statusCode(400)
                .body("error", equalTo("query parameter limit must be an integer 1..1000, was 'ten'"));
        as(ApiDatabase.ACME_TOKEN).when().get("/api/v1/breaches?open=yes").then().statusCode(400)
                .body("error", equalTo("query parameter open must be true or false, was 'yes'"));
        as(ApiDatabase.ACME_TOKEN).when().delete("/api/v1/contracts/gold/maintenance/abc").then().statusCode(400)
                .body("error", equalTo("path parameter id must be an id (1, 2, ...), was 'abc'"));
        as(ApiDatabase.ACME_TOKEN).when().delete("/api/v1/contracts/gold/maintenance/99999999999999999999").then().statusCode(400)
                .body("error", equalTo("path parameter id must be an id (1, 2, ...), was '99999999999999999999'"));
    }

    @Test
    void breachesStatusAndDeliveriesNeedingAttentionArePerTenant() throws Exception {
        sql("""
                INSERT INTO sla.breaches (episode_id, tenant, contract, series_key, objective_id, severity, opened_at,
                    peak_value, peak_at, dedup_key, delivery_state) VALUES
                  ('e1', 'acme', 'gold', 'acme|gold|chat-api|prod|llama|chatbot||', 'ttft_p95', 'critical', now(), 900, now(), 'e1', 'failed'),
                  ('e2', 'globex', 'default', 'globex|default|x|prod|m|chatbot||', 'ttft_p95', 'warning', now(), 250, now(), 'e2', 'pending');
                INSERT INTO sla.alert_outbox (episode_id, channel, action, idempotency_key, payload, state, attempts, last_error, target) VALUES
                  ('e1', 'webhook', 'trigger', 'k1', '{}', 'failed', 1, 'HTTP 400: bad payload', 'https://hooks.example.com/x?token=s3cr3t'),
                  ('e1', 'pagerduty', 'trigger', 'k2', '{}', 'pending', 3, 'HTTP 503', 'https://events.pagerduty.com'),
                  ('e2', 'pagerduty', 'trigger', 'k3', '{}', 'pending', 0, NULL, 'https://events.pagerduty.com');
                INSERT INTO sla.evaluations (series_key, tenant, contract, objective_id, evaluated_at, window_seconds, statistic,
                    value, target, limit_value, samples, status) VALUES
                  ('acme|gold|chat-api|prod|llama|chatbot||', 'acme', 'gold', 'ttft_p95', now() - interval '2 minutes', 300, 'p95', 180, 200, 300, 1200, 'ok'),
                  ('acme|gold|chat-api|prod|llama|chatbot||', 'acme', 'gold', 'ttft_p95', now() - interval '1 minute', 300, 'p95', 900, 200, 300, 1200, 'breach');
                """);

        as(ApiDatabase.ACME_TOKEN).when().get("/api/v1/breaches?open=true").then().statusCode(200)
                .body("breaches.episode_id", contains("e1"))
                .body("breaches[0].delivery_state", equalTo("failed"));
        as(ApiDatabase.ACME_TOKEN).when().get("/api/v1/breaches?open=false").then().body("breaches", empty());
        as(ApiDatabase.ACME_TOKEN).when().get("/api/v1/breaches?limit=0").then().statusCode(400);

        String dead = as(ApiDatabase.ACME_TOKEN).when().get("/api/v1/alerts/deliveries?status=dead").then().statusCode(200)
                .body("deliveries", hasSize(1))
                .body("deliveries[0].channel", equalTo("webhook"))
                .body("deliveries[0].last_error", equalTo("HTTP 400: bad payload"))
                .body("deliveries[0].target", equalTo("https://hooks.example.com/x"))
                .extract().asString();
        assertThat(dead).doesNotContain("s3cr3t");
        as(ApiDatabase.ACME_TOKEN).when().get("/api/v1/alerts/deliveries").then()
                .body("deliveries.status", containsInAnyOrder("dead", "retrying"));
        as(ApiDatabase.GLOBEX_TOKEN).when().get("/api/v1/alerts/deliveries").then()
                .body("deliveries.status", contains("pending"));
        as(ApiDatabase.ACME_TOKEN).when().get("/api/v1/alerts/deliveries?status=failed").then().statusCode(400)
                .body("error", equalTo("query parameter status must be one of pending, retrying, dead, was 'failed'"));

        as(ApiDatabase.ACME_TOKEN).when().get("/api/v1/status").then().statusCode(200)
                .body("series_objectives", hasSize(1))
                .body("series_objectives[0].status", equalTo("breach"))
                .body("series_objectives[0].service", equalTo("chat-api"))
                .body("series_objectives[0].category", equalTo("chatbot"))
                .body("series_objectives[0].limit", equalTo(300));
        as(ApiDatabase.GLOBEX_TOKEN).when().get("/api/v1/status").then().body("series_objectives", empty());
    }

    // Regressions found by ApiFuzzIT: each answered a 5xx, or stored something else than was sent.

    private static RawHttp.Response raw(String method, String target, String contentType, String accept, String body)
            throws Exception {
        return RawHttp.send(io.restassured.RestAssured.port, method, target, "Bearer " + ApiDatabase.ACME_TOKEN, contentType,
                accept, body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.time.Duration.ofSeconds(30));
    }

    /** Was a 500 with the HTTP layer's stack trace: it failed parsing the header while choosing the method. */
    @Test
    void aContentTypeOrAcceptThatIsNoMediaTypeIs415Or406NotA500() throws Exception {
        RawHttp.Response put = raw("PUT", "/api/v1/contracts/gold", "json", null, "{}");
        assertThat(put.status()).as(put.text()).isEqualTo(415);
        assertThat(put.text()).contains("\"error\": \"the request body must be application/json, Content-Type was 'json',"
                + " which is not a media type\"");
        RawHttp.Response get = raw("GET", "/api/v1/breaches", null, "application/json, garbage", null);
        assertThat(get.status()).as(get.text()).isEqualTo(406);
        assertThat(get.text()).contains("Accept was 'application/json, garbage', which is not a list of media types");
    }

    /** A lone surrogate was stored as '?' (the driver's UTF-8 has no form for it); PostgreSQL refuses a NUL. */
    @Test
    void textPostgresqlCannotStoreIsRefusedNamingItsPath() {
        as(ApiDatabase.ACME_TOKEN).body("{\"display_name\": \"Gold \\ud800\", \"secrets\": {\"pd_key\": \"a\\u0000b\"}}")
                .when().put("/api/v1/contracts/gold").then().statusCode(400)
                .body("problems", containsInAnyOrder(
                        "body.display_name: must be Unicode text, found an unpaired surrogate \\ud800 at character 6",
                        "body.secrets.pd_key: must not contain U+0000 (it cannot be stored), found at character 2"));
        as(ApiDatabase.ACME_TOKEN).when().get("/api/v1/contracts/gold").then().statusCode(404);
        as(ApiDatabase.ACME_TOKEN).body("{}").when().put("/api/v1/contracts/gold").then().statusCode(200);
        Instant start = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        as(ApiDatabase.ACME_TOKEN).body("{\"starts_at\": \"" + start + "\", \"ends_at\": \"" + start.plusSeconds(60)
                        + "\", \"model\": \"m\\udadb\"}")
                .when().post("/api/v1/contracts/gold/maintenance").then().statusCode(400)
                .body("problems", contains("body.model: must be Unicode text, found an unpaired surrogate \\udadb at character 2"));
    }

    /** Was a 503 (SQL state 22008): the instant is beyond what timestamptz holds. */
    @Test
    void aMaintenanceWindowTheDatabaseCannotHoldIsA400() {
        as(ApiDatabase.ACME_TOKEN).body("{}").when().put("/api/v1/contracts/gold").then().statusCode(200);
        as(ApiDatabase.ACME_TOKEN).body("{\"starts_at\": \"2026-12-01T00:00:00Z\", \"ends_at\": \"+294277-01-01T00:00:00Z\"}")
                .when().post("/api/v1/contracts/gold/maintenance").then().statusCode(400)
                .body("problems", contains("body.ends_at: must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z"
                        + " with at most 6 decimals of a second, was +294277-01-01T00:00:00Z"));
    }

    /** Was a 404 for a name no contract can have, and a NUL in ?contract= reached PostgreSQL. */
    @Test
    void aBadContractNameInAPathOrQueryIsA400NamingIt() throws Exception {
        as(ApiDatabase.ACME_TOKEN).urlEncodingEnabled(false).when().get("/api/v1/reports/G%C3%96LD").then().statusCode(400)
                .body("error", equalTo("path parameter contract must be a contract name matching [a-z0-9][a-z0-9_.-]{0,63},"
                        + " was 'GÖLD'"));
        for (String path : new String[] {"/api/v1/contracts/Gold", "/api/v1/contracts/Gold/maintenance",
                "/api/v1/reports/Gold/2026-11"}) {
            as(ApiDatabase.ACME_TOKEN).when().get(path).then().statusCode(400)
                    .body("error", org.hamcrest.Matchers.startsWith("path parameter contract must be a contract name"));
        }
        RawHttp.Response nul = raw("GET", "/api/v1/breaches?contract=gold%00", null, null, null);
        assertThat(nul.status()).as(nul.text()).isEqualTo(400);
        assertThat(nul.text()).contains("query parameter contract must be a contract name");
    }
}
