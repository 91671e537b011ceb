package io.infersla.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HexFormat;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.infersla.testsupport.PostgresDatabase;

/** The rules the schema itself enforces, so that no writer can break them. */
class SchemaIT {

    private static final OffsetDateTime T0 = OffsetDateTime.parse("2026-03-01T12:00:00Z");

    @AutoClose
    static final PostgresDatabase db = PostgresDatabase.create();

    @BeforeAll
    static void migrate() throws SQLException {
        Migrations.apply(db.jdbcUrl(), db.user(), db.password());
        try (Connection connection = db.connection(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO sla.contracts (tenant, contract, time_zone) VALUES ('acme', 'default', 'Europe/Paris')");
        }
    }

    @Test
    void applyingTheMigrationsAgainExecutesNothing() {
        assertThat(Migrations.apply(db.dataSource())).isZero();
    }

    @Test
    void everyKeyRelationOfTheDesignExistsInSchemaSla() throws SQLException {
        try (Connection connection = db.connection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'sla' ORDER BY 1")) {
            var tables = new java.util.ArrayList<String>();
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
            assertThat(tables).contains("window_stats", "evaluations", "breaches", "alert_outbox", "contracts",
                    "maintenance_windows", "reports", "flyway_schema_history");
        }
    }

    @Test
    void windowStatsRejectsASliceThatIsNotAlignedToTheEpoch() {
        assertThatThrownBy(() -> execute("""
                INSERT INTO sla.window_stats (series_key, tenant, contract, service, category, metric,
                    slice_start, slice_seconds, count, sum)
                VALUES ('s', 'acme', 'default', 'svc', 'chatbot', 'ttft_ms', '2026-03-01T12:00:05Z', 10, 1, 1)
                """))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("window_stats_slice_aligned");
    }

    @Test
    void evaluationsAcceptEveryDesignedStatusAndRejectOthers() throws SQLException {
        String[] statuses = {"ok", "warning", "breach", "insufficient_data", "excused", "reported"};
        for (int i = 0; i < statuses.length; i++) {
            execute(evaluation("eval-series", T0.plusSeconds(10L * i), statuses[i]));
        }

        assertThatThrownBy(() -> execute(evaluation("eval-series", T0.plusHours(1), "unknown")))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("evaluations_status_known");
    }

    @Test
    void breachesAllowOneOpenEpisodePerSeriesAndObjective() throws SQLException {
        execute(breach("ep-1", "breach-series", "NULL"));
        execute(breach("ep-2", "breach-series", "'2026-03-01T12:30:00Z'"));

        assertThatThrownBy(() -> execute(breach("ep-3", "breach-series", "NULL")))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("breaches_one_open_episode");
    }

    @Test
    void reportsStoreBodiesWhoseSha256MatchesAndNeverChange() throws SQLException {
        byte[] body = "{\"attainment\":0.9991}".getBytes(StandardCharsets.UTF_8);
        insertReport(1, body, sha256Hex(body), null);

        assertThatThrownBy(() -> insertReport(2, body, sha256Hex("tampered".getBytes(StandardCharsets.UTF_8)), sha256Hex(body)))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("reports_sha256_matches_body");
        // a revision after the first names its predecessor's hash; the first names none
        assertThatThrownBy(() -> insertReport(2, body, sha256Hex(body), null))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("reports_chain");
        assertThatThrownBy(() -> execute("UPDATE sla.reports SET media_type = 'text/csv' WHERE revision = 1"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("append-only");
    }

    private static String evaluation(String series, OffsetDateTime at, String status) {
        return """
                INSERT INTO sla.evaluations (series_key, tenant, contract, objective_id, evaluated_at,
                    window_seconds, statistic, value, target, limit_value, samples, status)
                VALUES ('%s', 'acme', 'default', 'chatbot.ttft_ms.p95', '%s', 300, 'p95', 180, 200, 300, 42, '%s')
                """.formatted(series, at, status);
    }

    private static String breach(String episode, String series, String resolvedAt) {
        return """
                INSERT INTO sla.breaches (episode_id, tenant, contract, series_key, objective_id, severity,
                    opened_at, resolved_at, peak_value, peak_at, dedup_key)
                VALUES ('%s', 'acme', 'default', '%s', 'chatbot.ttft_ms.p95', 'critical',
                    '2026-03-01T12:00:00Z', %s, 420, '2026-03-01T12:05:00Z', 'dedup-%s')
                """.formatted(episode, series, resolvedAt, episode);
    }

    private static void insertReport(int revision, byte[] body, String sha256, String previousSha256) throws SQLException {
        try (Connection connection = db.connection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO sla.reports (tenant, contract, month, revision, body, sha256, previous_sha256)
                        VALUES ('acme', 'default', ?, ?, ?, ?, ?)
                        """)) {
            insert.setObject(1, LocalDate.of(2026, 2, 1));
            insert.setInt(2, revision);
            insert.setBytes(3, body);
            insert.setString(4, sha256);
            insert.setString(5, previousSha256);
            insert.executeUpdate();
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = db.connection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
