package io.infersla.engine.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every route of the API, as {@code /q/openapi} lists it, against every kind of caller: no token
 * and an unknown token get 401; another tenant never sees or changes this tenant's data (a
 * resource of this tenant is 404 to it, never 403, which would confirm it exists; a list shows
 * only its own); the owner gets 2xx. A route the OpenAPI document lists and this table does not
 * fails {@link #everyDocumentedRouteIsInTheMatrix}, so a new route cannot ship unchecked.
 */
@QuarkusTest
@WithTestResource(ApiDatabase.class)
class AuthorizationMatrixIT {

    /** What another tenant's token gets on a route. */
    enum OtherTenant {
        /** the same answer for every tenant (the catalog) */
        SHARED,
        /** 2xx with its own rows only: nothing of acme's appears */
        OWN_ROWS,
        /** acme's resource does not exist for it: 404 */
        NOT_FOUND,
        /** writes its own resource of the same name; acme's stays as it was */
        OWN_NAMESPACE
    }

    /** "METHOD path" → what another tenant gets; the owner gets 2xx on each. */
    static final Map<String, OtherTenant> MATRIX = Map.ofEntries(
            Map.entry("GET /api/v1/catalog", OtherTenant.SHARED),
            Map.entry("GET /api/v1/contracts", OtherTenant.OWN_ROWS),
            Map.entry("GET /api/v1/contracts/{contract}", OtherTenant.NOT_FOUND),
            Map.entry("PUT /api/v1/contracts/{contract}", OtherTenant.OWN_NAMESPACE),
            Map.entry("GET /api/v1/contracts/{contract}/maintenance", OtherTenant.NOT_FOUND),
            Map.entry("POST /api/v1/contracts/{contract}/maintenance", OtherTenant.NOT_FOUND),
            Map.entry("DELETE /api/v1/contracts/{contract}/maintenance/{id}", OtherTenant.NOT_FOUND),
            Map.entry("GET /api/v1/status", OtherTenant.OWN_ROWS),
            Map.entry("GET /api/v1/breaches", OtherTenant.OWN_ROWS),
            Map.entry("GET /api/v1/alerts/deliveries", OtherTenant.OWN_ROWS),
            Map.entry("GET /api/v1/reports/{contract}", OtherTenant.NOT_FOUND),
            Map.entry("GET /api/v1/reports/{contract}/{month}", OtherTenant.NOT_FOUND),
            Map.entry("POST /api/v1/reports/{contract}/{month}", OtherTenant.NOT_FOUND));

    /** Appears in every row of acme's and nowhere in globex's. */
    private static final String ACME_ONLY = "acme-only-chat-api";

    private long maintenanceId;

    private static RequestSpecification as(String token) {
        RequestSpecification request = given().contentType("application/json");
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private static void sql(String statements) throws Exception {
        try (Connection c = ApiDatabase.db.connection(); Statement st = c.createStatement()) {
            st.execute(statements);
        }
    }

    /** Each route starts from this (a DELETE or PUT of an earlier one must not leak into the next). */
    void acmeHasAContractAMaintenanceWindowAndMonitoringRows() throws Exception {
        sql("TRUNCATE sla.alert_outbox, sla.breaches, sla.maintenance_windows, sla.contracts, sla.evaluations, sla.reports CASCADE");
        as(ApiDatabase.ACME_TOKEN).body("{\"display_name\": \"Acme Gold\"}").when().put("/api/v1/contracts/gold")
                .then().statusCode(200);
        Instant start = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String location = as(ApiDatabase.ACME_TOKEN).body("""
                {"starts_at": "%s", "ends_at": "%s", "reason": "acme upgrade"}""".formatted(start, start.plus(1, ChronoUnit.HOURS)))
                .when().post("/api/v1/contracts/gold/maintenance").then().statusCode(201).extract().header("Location");
        maintenanceId = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        String series = "acme|gold|" + ACME_ONLY + "|prod|llama|chatbot||";
        sql("""
                INSERT INTO sla.breaches (episode_id, tenant, contract, series_key, objective_id, severity, opened_at,
                    peak_value, peak_at, dedup_key, delivery_state) VALUES
                  ('e-acme', 'acme', 'gold', '%1$s', 'ttft_p95', 'critical', now(), 900, now(), 'e-acme', 'failed');
                INSERT INTO sla.alert_outbox (episode_id, channel, action, idempotency_key, payload, state, attempts, last_error, target) VALUES
                  ('e-acme', 'webhook', 'trigger', 'k-acme', '{}', 'failed', 1, 'HTTP 400', 'https://hooks.example.com/%2$s');
                INSERT INTO sla.evaluations (series_key, tenant, contract, objective_id, evaluated_at, window_seconds, statistic,
                    value, target, limit_value, samples, status) VALUES
                  ('%1$s', 'acme', 'gold', 'ttft_p95', now() - interval '1 minute', 300, 'p95', 900, 200, 300, 1200, 'breach');
                """.formatted(series, ACME_ONLY));
    }

    @Test
    void everyDocumentedRouteIsInTheMatrix() throws Exception {
        assertThat(documentedRoutes()).as("routes in /q/openapi (add a new one to MATRIX with what another tenant gets)")
                .containsExactlyInAnyOrderElementsOf(new TreeSet<>(MATRIX.keySet()));
    }

    @TestFactory
    Stream<DynamicTest> everyRouteRefusesStrangersHidesAcmeFromGlobexAndServesAcme() {
        return new TreeSet<>(MATRIX.keySet()).stream().map(route -> DynamicTest.dynamicTest(route, () -> {
            acmeHasAContractAMaintenanceWindowAndMonitoringRows();
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1)
                    .replace("{contract}", "gold")
                    .replace("{id}", Long.toString(maintenanceId))
                    .replace("{month}", YearMonth.now(ZoneOffset.UTC).toString());

            assertThat(call(null, method, path).statusCode()).as("%s without a token", route).isEqualTo(401);
            assertThat(call("an-unknown-token-0123456789", method, path).statusCode()).as("%s with an unknown token", route)
                    .isEqualTo(401);

            Response other = call(ApiDatabase.GLOBEX_TOKEN, method, path);
            switch (MATRIX.get(route)) {
                case SHARED -> assertThat(other.statusCode()).as("%s as globex", route).isEqualTo(200);
                case NOT_FOUND -> assertThat(other.statusCode()).as("%s as globex (acme's resource)", route).isEqualTo(404);
                case OWN_ROWS -> {
                    assertThat(other.statusCode()).as("%s as globex", route).isBetween(200, 299);
                    assertThat(other.asString()).as("%s as globex shows nothing of acme's", route)
                            .doesNotContain(ACME_ONLY).doesNotContain("e-acme").doesNotContain("Acme Gold");
                }
                case OWN_NAMESPACE -> {
                    assertThat(other.statusCode()).as("%s as globex", route).isBetween(200, 299);
                    as(ApiDatabase.ACME_TOKEN).when().get("/api/v1/contracts/gold").then().statusCode(200)
                            .body("display_name", org.hamcrest.Matchers.equalTo("Acme Gold"));
                }
            }
            // the owner last: a DELETE by the owner must find what the others could not touch
            assertThat(call(ApiDatabase.ACME_TOKEN, method, path).statusCode()).as("%s as acme", route).isBetween(200, 299);
        }));
    }

    private Response call(String token, String method, String path) {
        RequestSpecification request = as(token);
        if (method.equals("PUT") && path.startsWith("/api/v1/contracts/")) {
            request = request.body("{\"display_name\": \"Globex's own\"}");
        } else if (method.equals("POST") && path.endsWith("/maintenance")) {
            Instant start = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
            request = request.body("""
                    {"starts_at": "%s", "ends_at": "%s", "reason": "matrix"}""".formatted(start, start.plus(1, ChronoUnit.HOURS)));
        }
        return request.when().request(method, path).thenReturn();
    }

    private static TreeSet<String> documentedRoutes() throws Exception {
        JsonNode paths = new ObjectMapper().readTree(given().accept("application/json").when().get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString()).path("paths");
        TreeSet<String> routes = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            if (!path.getKey().startsWith("/api/v1/")) {
                continue;
            }
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                if (Stream.of("get", "put", "post", "delete", "patch").anyMatch(method::equals)) {
                    routes.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
                }
            }
        }
        return routes;
    }
}
