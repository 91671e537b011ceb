package io.infersla.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersla.core.catalog.Catalog;
import io.infersla.migrations.Migrations;
import io.infersla.testsupport.PostgresDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The report scheduler against a real PostgreSQL: one instance at a time, provisional months, finalization, rollups. */
class ReportSchedulerIT {

    static final Catalog CATALOG = Catalog.builtIn();
    static final String SERIES = "acme|gold|chat-api|prod|llama|chatbot|gpu|";
    PostgresDatabase db;

    @BeforeEach
    void seed() throws Exception {
        db = PostgresDatabase.create();
        Migrations.apply(db.dataSource());
        sql("""
                INSERT INTO sla.contracts (tenant, contract, time_zone) VALUES ('acme', 'gold', 'Europe/Paris'), ('acme', 'silver', 'UTC');
                INSERT INTO sla.evaluations (series_key, tenant, contract, objective_id, evaluated_at, window_seconds, statistic,
                    value, target, limit_value, samples, status)
                SELECT '%s', 'acme', 'gold', 'ttft_p95', t, 300, 'p95', 300, 400, 800, 100, 'ok'
                FROM generate_series('2026-11-30T20:00:00Z'::timestamptz, '2026-12-01T01:59:00Z', INTERVAL '1 minute') t;
                INSERT INTO sla.rollup_pending SELECT '%s', 'acme', 'gold', h
                FROM generate_series('2026-11-30T19:00:00Z'::timestamptz, '2026-12-01T02:00:00Z', INTERVAL '1 hour') h;
                """.formatted(SERIES, SERIES));
    }

    @AfterEach
    void drop() {
        db.close();
    }

    void sql(String statements) throws Exception {
        try (Connection c = db.connection(); Statement st = c.createStatement()) {
            st.execute(statements);
        }
    }

    List<String> revisions() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT contract, to_char(month, 'YYYY-MM'), revision, status FROM sla.reports "
                        + "ORDER BY contract, month, revision")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2) + " r" + rs.getInt(3) + " " + rs.getString(4));
            }
        }
        return out;
    }

    ReportScheduler scheduler(Instant now) {
        return new ReportScheduler(db.dataSource(), CATALOG, Duration.ofHours(1), Duration.ofMinutes(1),
                Duration.ofMinutes(70), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void oneInstanceRollsUpAndReportsCurrentMonthsAndFinalizesClosedOnes() throws Exception {
        // 2026-12-01 00:30 in Paris: November (Paris) ended 30 minutes ago, December has begun
        Instant now = Instant.parse("2026-11-30T23:30:00Z");
        try (ReportScheduler first = scheduler(now); ReportScheduler second = scheduler(now)) {
            // gold (Paris): November and December, provisional; silver (UTC): still November, and October, long closed
            assertThat(first.round()).isEqualTo(4);
            assertThat(second.round()).as("another instance holds the lock").isEqualTo(-1);
        }
        assertThat(revisions()).containsExactly("gold 2026-11 r1 provisional", "gold 2026-12 r1 provisional",
                "silver 2026-10 r1 final", "silver 2026-11 r1 provisional");
        try (Connection c = db.connection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM sla.rollup_pending WHERE hour < '2026-11-30T23:00:00Z'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("closed hours rolled up").isZero();
        }
        // November ended at 23:00 UTC in Paris and 00:00 UTC in UTC: both are closed 70 minutes later
        try (ReportScheduler later = scheduler(Instant.parse("2026-12-01T01:15:00Z"))) {
            later.round();
        }
        assertThat(revisions()).contains("gold 2026-11 r2 final", "silver 2026-11 r2 final");
        try (ReportScheduler again = scheduler(Instant.parse("2026-12-01T03:00:00Z"))) {
            again.round();
        }
        assertThat(revisions()).filteredOn(r -> r.contains("2026-11")).hasSize(4); // final months are left alone
    }

    @Test
    void configurationIsValidatedWithTheKeyNamed() {
        assertThatThrownBy(() -> new ReportScheduler(db.dataSource(), CATALOG, Duration.ofDays(2), Duration.ofMinutes(1),
                Duration.ZERO, Clock.systemUTC())).hasMessageContaining("infersla.reports.every");
        assertThatThrownBy(() -> new ReportScheduler(db.dataSource(), CATALOG, Duration.ofHours(1), Duration.ZERO,
                Duration.ZERO, Clock.systemUTC())).hasMessageContaining("infersla.reports.rollup-every");
    }
}
