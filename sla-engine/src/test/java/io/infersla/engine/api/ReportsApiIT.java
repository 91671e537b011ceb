package io.infersla.engine.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.infersla.core.report.CanonicalJson;
import io.infersla.core.window.Slice;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reports API against a real PostgreSQL: formats, ETag, revisions, tenant isolation, named 4xx. */
@QuarkusTest
@WithTestResource(ApiDatabase.class)
class ReportsApiIT {

    static final String SERIES = "acme|gold|chat-api|prod|llama|chatbot|gpu|";
    static final String MONTH = "2026-11";

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    @BeforeEach
    void seed() throws Exception {
        try (Connection c = ApiDatabase.db.connection(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE sla.reports, sla.rollup_pending, sla.status_time_hourly, sla.window_stats_hourly, "
                    + "sla.alert_outbox, sla.breaches, sla.maintenance_windows, sla.contracts, sla.evaluations, sla.window_stats CASCADE");
            st.execute("""
                    INSERT INTO sla.contracts (tenant, contract, display_name, time_zone, definition) VALUES
                    ('acme', 'gold', 'Müller GmbH', 'Europe/Paris',
                     '{"compliance": {"attainment": 0.99, "credits": [{"below": 0.99, "credit_percent": 10}]}}')""");
            st.execute("""
                    INSERT INTO sla.evaluations (series_key, tenant, contract, objective_id, evaluated_at, window_seconds,
                        statistic, value, target, limit_value, samples, status)
                    SELECT '%s', 'acme', 'gold', 'ttft_p95', t, 300, 'p95', 300, 400, 800, 100,
                           CASE WHEN t < '2026-11-10T12:10:00Z' THEN 'breach' ELSE 'ok' END
                    FROM generate_series('2026-11-10T12:00:00Z'::timestamptz, '2026-11-10T13:59:00Z', INTERVAL '1 minute') t"""
                    .formatted(SERIES));
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO sla.window_stats (series_key, tenant, contract, service, environment, model, category, hardware,
                        metric, slice_start, slice_seconds, count, sum, weight_sum, weighted_sum, min, max, sketch)
                    VALUES (?, 'acme', 'gold', 'chat-api', 'prod', 'llama', 'chatbot', 'gpu', 'ttft_ms', ?, 60, ?, ?, ?, ?, ?, ?, ?)""")) {
                for (int m = 0; m < 120; m++) {
                    Instant start = Instant.parse("2026-11-10T12:00:00Z").plusSeconds(60L * m);
                    Slice slice = new Slice(start);
                    for (int i = 1; i <= 10; i++) {
                        slice.record(100 + 10 * i + m, 1);
                    }
                    ps.setString(1, SERIES);
                    ps.setTimestamp(2, Timestamp.from(start));
                    ps.setLong(3, slice.count());
                    ps.setDouble(4, slice.sum());
                    ps.setDouble(5, slice.weightSum());
                    ps.setDouble(6, slice.weightedSum());
                    ps.setDouble(7, slice.min());
                    ps.setDouble(8, slice.max());
                    ps.setBytes(9, slice.sketchBytes());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            // what the engine's storage writer does with every row it writes
            st.execute("""
                    INSERT INTO sla.rollup_pending SELECT '%s', 'acme', 'gold', h
                    FROM generate_series('2026-11-10T11:00:00Z'::timestamptz, '2026-11-10T14:00:00Z', INTERVAL '1 hour') h"""
                    .formatted(SERIES));
        }
    }

    @Test
    void everyReportRouteNeedsAToken() {
        given().when().get("/api/v1/reports/gold").then().statusCode(401);
        given().when().get("/api/v1/reports/gold/" + MONTH).then().statusCode(401);
        given().when().post("/api/v1/reports/gold/" + MONTH).then().statusCode(401);
    }

    @Test
    void theSameRevisionInJsonCsvAndPdfCarriesOneHash() {
        Response json = as(ApiDatabase.ACME_TOKEN).accept("application/json").when().get("/api/v1/reports/gold/" + MONTH);
        json.then().statusCode(200).contentType("application/json").header("X-Report-Revision", "1")
                .header("X-Report-Status", "final")
                .body("contract.name", equalTo("Müller GmbH"))
                .body("period.hours", equalTo(720))
                .body("objectives[0].minutes.judged", equalTo(120))
                .body("objectives[0].minutes.breach", equalTo(10))
                .body("summary.objectives_missed", equalTo(1))
                .body("summary.credit_percent", equalTo(10));
        String sha = CanonicalJson.sha256(json.asByteArray());
        assertThat(json.header("ETag")).isEqualTo("\"" + sha + "\"");

        Response csv = as(ApiDatabase.ACME_TOKEN).queryParam("format", "csv").when().get("/api/v1/reports/gold/" + MONTH);
        csv.then().statusCode(200).contentType(containsString("text/csv")).header("ETag", "\"" + sha + "\"")
                .header("Content-Disposition", containsString("infersla-gold-2026-11-r1.csv"));
        String text = new String(csv.asByteArray(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("tenant,contract,").contains("chat-api").contains("\r\n");

        Response pdf = as(ApiDatabase.ACME_TOKEN).accept("application/pdf").when().get("/api/v1/reports/gold/" + MONTH);
        pdf.then().statusCode(200).contentType("application/pdf").header("ETag", "\"" + sha + "\"");
        assertThat(new String(pdf.asByteArray(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");

        as(ApiDatabase.ACME_TOKEN).header("If-None-Match", "\"" + sha + "\"").when().get("/api/v1/reports/gold/" + MONTH)
                .then().statusCode(304);
    }

    @Test
    void anotherTenantsContractIsNotFound() {
        as(ApiDatabase.GLOBEX_TOKEN).when().get("/api/v1/reports/gold/" + MONTH).then().statusCode(404)
                .body("error", equalTo("no contract 'gold'"));
        as(ApiDatabase.GLOBEX_TOKEN).when().get("/api/v1/reports/gold").then().statusCode(404);
        as(ApiDatabase.GLOBEX_TOKEN).when().post("/api/v1/reports/gold/" + MONTH).then().statusCode(404);
    }

    @Test
    void badRequestsNameTheProblem() {
        as(ApiDatabase.ACME_TOKEN).when().get("/api/v1/reports/gold/2026-13").then().statusCode(400)
                .body("error", containsString("'2026-13'"));
        as(ApiDatabase.ACME_TOKEN).when().get("/api/v1/reports/gold/2099-05").then().statusCode(400)
                .body("error", containsString("has not started"));
        // regression (ApiFuzzIT): with ?revision= the month was not checked, a 404 'no revision 1 of 9999-12'
        as(ApiDatabase.ACME_TOKEN).queryParam("revision", "1").when().get("/api/v1/reports/gold/9999-12").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.startsWith("path parameter month: month 9999-12 has not started yet in "));
        as(ApiDatabase.ACME_TOKEN).queryParam("revision", "x").when().get("/api/v1/reports/gold/" + MONTH).then().statusCode(400)
                .body("error", containsString("'x'"));
        as(ApiDatabase.ACME_TOKEN).queryParam("format", "xml").when().get("/api/v1/reports/gold/" + MONTH).then().statusCode(400)
                .body("error", containsString("json, csv, pdf"));
        as(ApiDatabase.ACME_TOKEN).accept("text/html").when().get("/api/v1/reports/gold/" + MONTH).then().statusCode(406);
        as(ApiDatabase.ACME_TOKEN).when().get("/api/v1/reports/silver/" + MONTH).then().statusCode(404)
                .body("error", equalTo("no contract 'silver'"));
        as(ApiDatabase.ACME_TOKEN).when().get("/api/v1/reports/gold/" + MONTH).then().statusCode(200);
        as(ApiDatabase.ACME_TOKEN).queryParam("revision", "9").when().get("/api/v1/reports/gold/" + MONTH).then().statusCode(404)
                .body("error", containsString("no revision 9"));
        as(ApiDatabase.ACME_TOKEN).contentType("application/json").body("""
                {"definition": {"compliance": {"attainment": 99.5, "credit_policy": "best"}}}""")
                .when().put("/api/v1/contracts/gold").then().statusCode(400)
                .body("problems", hasSize(2))
                .body("problems[0]", containsString("body.definition.compliance.attainment"));
    }

    @Test
    void regeneratingStoresARevisionOnlyWhenFiguresChange() throws Exception {
        as(ApiDatabase.ACME_TOKEN).when().post("/api/v1/reports/gold/" + MONTH).then().statusCode(201)
                .body("stored", equalTo(true)).body("revision", equalTo(1)).body("status", equalTo("final"));
        as(ApiDatabase.ACME_TOKEN).when().post("/api/v1/reports/gold/" + MONTH).then().statusCode(200)
                .body("stored", equalTo(false)).body("revision", equalTo(1));
        String first = as(ApiDatabase.ACME_TOKEN).when().get("/api/v1/reports/gold/" + MONTH).header("ETag");
        try (Connection c = ApiDatabase.db.connection(); Statement st = c.createStatement()) {
            st.execute("UPDATE sla.evaluations SET status = 'breach' WHERE evaluated_at = '2026-11-10T13:00:00Z'");
            st.execute("INSERT INTO sla.rollup_pending VALUES ('" + SERIES + "', 'acme', 'gold', '2026-11-10T13:00:00Z') "
                    + "ON CONFLICT DO NOTHING");
        }
        as(ApiDatabase.ACME_TOKEN).when().post("/api/v1/reports/gold/" + MONTH).then().statusCode(201)
                .body("revision", equalTo(2)).body("correction", equalTo(true))
                .body("previous_sha256", equalTo(first.replace("\"", "")));
        as(ApiDatabase.ACME_TOKEN).when().get("/api/v1/reports/gold").then().statusCode(200)
                .body("time_zone", equalTo("Europe/Paris"))
                .body("months[0].month", equalTo(MONTH))
                .body("months[0].revisions", hasSize(2));
        as(ApiDatabase.ACME_TOKEN).queryParam("revision", "1").when().get("/api/v1/reports/gold/" + MONTH).then().statusCode(200)
                .header("ETag", first).body("revision.number", equalTo(1));
        as(ApiDatabase.ACME_TOKEN).when().get("/api/v1/reports/gold/" + MONTH).then().statusCode(200)
                .body("revision.number", equalTo(2)).body("revision.changes[0]", containsString("→"));
    }
}
