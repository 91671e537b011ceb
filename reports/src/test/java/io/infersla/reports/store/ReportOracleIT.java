package io.infersla.reports.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.report.CanonicalJson;
import io.infersla.core.report.MonthlyReport;
import io.infersla.core.report.ReportMonth;
import io.infersla.core.request.SeriesKey;
import io.infersla.core.sketch.QuantileSketch;
import io.infersla.core.window.Slice;
import io.infersla.migrations.Migrations;
import io.infersla.testsupport.PostgresDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A month seeded with known truth (Europe/Paris, March 2026: 743 hours) — a breach that spans the
 * month's last midnight, a maintenance window, insufficient data, a two-hour gap, a series that
 * starts mid-month, an extra row at a status change — and every figure compared with an oracle
 * computed second by second from the seeded rows, on the raw rows and again on the rollups.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportOracleIT {

    static final PostgresDatabase db = PostgresDatabase.create();
    static final Catalog CATALOG = Catalog.builtIn();
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final YearMonth MARCH = YearMonth.of(2026, 3);
    static final ReportMonth MONTH = new ReportMonth(MARCH, PARIS);
    static final SeriesKey A = new SeriesKey("acme", "gold", "chat-api", "prod", "llama-70b", "chatbot", "gpu", "");
    static final SeriesKey B = new SeriesKey("acme", "gold", "chat-api-eu", "prod", "llama-70b", "chatbot", "gpu", "");
    static final Map<SeriesKey, List<Object[]>> rows = new HashMap<>();
    static final Map<SeriesKey, List<Double>> values = new HashMap<>();
    static long maintenanceId;

    static Instant local(String text) {
        return LocalDateTime.parse(text).atZone(PARIS).toInstant();
    }

    @BeforeAll
    static void seed() throws Exception {
        Migrations.apply(db.dataSource());
        try (Connection c = db.connection(); Statement st = c.createStatement()) {
            st.execute("""
                    INSERT INTO sla.contracts (tenant, contract, display_name, time_zone, definition) VALUES ('acme', 'gold',
                    'Müller GmbH', 'Europe/Paris', '{"compliance": {"attainment": 0.999, "credits": [{"below": 0.999,
                    "credit_percent": 10}, {"below": 0.99, "credit_percent": 25}], "monthly_fee": 1000, "currency": "EUR"}}')""");
            try (ResultSet rs = st.executeQuery("""
                    INSERT INTO sla.maintenance_windows (tenant, contract, starts_at, ends_at, category, reason)
                    VALUES ('acme', 'gold', '2026-03-10T01:00:00Z', '2026-03-10T02:00:00Z', 'chatbot', 'driver upgrade')
                    RETURNING id""")) {
                rs.next();
                maintenanceId = rs.getLong(1);
            }
            st.execute("""
                    INSERT INTO sla.breaches (episode_id, tenant, contract, series_key, objective_id, severity, opened_at,
                        resolved_at, peak_value, peak_at, dedup_key) VALUES
                    ('e-month-end', 'acme', 'gold', '%s', 'ttft_p95', 'critical', '%s', '%s', 1900, '%s', 'k1'),
                    ('e-b', 'acme', 'gold', '%s', 'ttft_p95', 'warning', '%s', '%s', 1200, '%s', 'k2')""".formatted(
                    A.canonical(), local("2026-03-31T23:30:00"), local("2026-04-01T00:30:00"), local("2026-03-31T23:50:00"),
                    B.canonical(), local("2026-03-16T10:00:00"), local("2026-03-16T10:20:00"), local("2026-03-16T10:05:00")));
        }
        Random random = new Random(42);
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            MonthSeed seed = new MonthSeed(c);
            String excuse = "maintenance #" + maintenanceId + ": driver upgrade";
            for (SeriesKey series : List.of(A, B)) {
                List<Object[]> evaluations = new ArrayList<>();
                List<Double> inMonth = new ArrayList<>();
                Instant from = series == A ? MONTH.start().minusSeconds(3600) : local("2026-03-15T00:00:00");
                Instant to = MONTH.end().plusSeconds(3600);
                for (Instant t = from; t.isBefore(to); t = t.plusSeconds(60)) {
                    String status = "ok";
                    String why = null;
                    if (series == A) {
                        if (!t.isBefore(local("2026-03-20T10:00:00")) && t.isBefore(local("2026-03-20T12:00:00"))) {
                            continue; // no data at all
                        }
                        if (!t.isBefore(local("2026-03-10T02:00:00")) && t.isBefore(local("2026-03-10T03:00:00"))) {
                            status = "excused";
                            why = excuse;
                        } else if (!t.isBefore(local("2026-03-05T00:00:00")) && t.isBefore(local("2026-03-05T00:30:00"))) {
                            status = "insufficient_data";
                        } else if (!t.isBefore(local("2026-03-31T23:30:00")) && t.isBefore(local("2026-04-01T00:30:00"))) {
                            status = "breach";
                        }
                    } else if (!t.isBefore(local("2026-03-16T10:00:00")) && t.isBefore(local("2026-03-16T10:20:00"))) {
                        status = "breach";
                    }
                    evaluations.add(new Object[] {t, status, why});
                    seed.evaluation(series, "ttft_p95", t, status, why);
                    if (series == B && t.equals(local("2026-03-16T10:19:00"))) {
                        // the engine stores an extra row when the status changes between minutes
                        Instant change = t.plusSeconds(30);
                        evaluations.add(new Object[] {change, "ok", null});
                        seed.evaluation(series, "ttft_p95", change, "ok", null);
                    }
                    Slice slice = new Slice(t);
                    for (int i = 0; i < 3; i++) {
                        double v = Math.exp(5 + random.nextGaussian() * (series == A ? 0.3 : 0.6));
                        slice.record(v, 1);
                        if (!t.isBefore(MONTH.start()) && t.isBefore(MONTH.end())) {
                            inMonth.add(v);
                        }
                    }
                    seed.slice(series, "ttft_ms", slice);
                }
                rows.put(series, evaluations);
                values.put(series, inMonth);
            }
            seed.flush();
            c.commit();
        }
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    /** Seconds per status for one series in [start, end), second by second: independent of StatusTime. */
    static Map<String, Long> oracleSeconds(SeriesKey series) {
        List<Object[]> evaluations = rows.get(series);
        Map<String, Long> out = new HashMap<>();
        int next = 0;
        Object[] current = null;
        long end = MONTH.end().getEpochSecond();
        for (long s = MONTH.start().getEpochSecond() - 120; s < end; s++) {
            while (next < evaluations.size() && ((Instant) evaluations.get(next)[0]).getEpochSecond() <= s) {
                current = evaluations.get(next++);
            }
            if (s < MONTH.start().getEpochSecond() || current == null) {
                continue;
            }
            if (s - ((Instant) current[0]).getEpochSecond() < 60) {
                out.merge((String) current[1], 1L, Long::sum);
            }
        }
        return out;
    }

    static Map<String, Object> generateFigures() throws SQLException {
        try (Connection c = db.connection()) {
            ReportSource.Contract contract = ReportSource.contract(c, CATALOG, "acme", "gold").orElseThrow();
            return MonthlyReport.figures(ReportSource.read(c, CATALOG, contract, MARCH, MONTH.end().plusSeconds(86400)));
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> seriesRow(Map<String, Object> figures, SeriesKey series) {
        return ((List<Map<String, Object>>) figures.get("series")).stream()
                .filter(r -> r.get("series_key").equals(series.canonical())).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    static void assertOracle(Map<String, Object> figures) {
        for (SeriesKey series : List.of(A, B)) {
            Map<String, Object> row = seriesRow(figures, series);
            Map<String, Long> truth = oracleSeconds(series);
            long ok = truth.getOrDefault("ok", 0L);
            long breach = truth.getOrDefault("breach", 0L);
            long judged = ok + breach;
            Map<String, Object> minutes = (Map<String, Object>) row.get("minutes");
            assertThat((double) minutes.get("judged")).isEqualTo(judged / 60.0);
            assertThat((double) minutes.get("breach")).isEqualTo(breach / 60.0);
            assertThat((double) minutes.get("excused")).isEqualTo(truth.getOrDefault("excused", 0L) / 60.0);
            assertThat((double) minutes.get("insufficient_data")).isEqualTo(truth.getOrDefault("insufficient_data", 0L) / 60.0);
            long covered = truth.values().stream().mapToLong(Long::longValue).sum();
            assertThat((double) minutes.get("not_covered")).isEqualTo((743 * 3600 - covered) / 60.0);
            assertThat((double) row.get("attainment")).isEqualTo((double) ok / judged);
            Map<String, Object> requests = (Map<String, Object>) row.get("requests");
            double[] sorted = values.get(series).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            assertThat(requests.get("count")).isEqualTo((long) sorted.length);
            assertThat((double) requests.get("p95")).isCloseTo(QuantileSketch.exactQuantile(sorted, 0.95), Percentage.withPercentage(1));
            assertThat((double) requests.get("p99")).isCloseTo(QuantileSketch.exactQuantile(sorted, 0.99), Percentage.withPercentage(1));
        }
        Map<String, Object> a = seriesRow(figures, A);
        assertThat(a.get("breach_minutes")).isEqualTo(30.0);        // 23:30 to midnight, the rest is April's
        assertThat(((Map<String, Object>) a.get("minutes")).get("breach")).isEqualTo(30.0);
        assertThat(((Map<String, Object>) a.get("minutes")).get("excused")).isEqualTo(60.0);
        assertThat(((Map<String, Object>) a.get("minutes")).get("insufficient_data")).isEqualTo(30.0);
        assertThat((List<Map<String, Object>>) a.get("excused")).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("reason", "maintenance #" + maintenanceId + ": driver upgrade")
                        .containsEntry("minutes", 60.0));
        Map<String, Object> b = seriesRow(figures, B);
        // 20 breach minutes, the last one cut to 30 s by the extra row
        assertThat(((Map<String, Object>) b.get("minutes")).get("breach")).isEqualTo(19.5);
        assertThat(b.get("breach_minutes")).isEqualTo(20.0);
        Map<String, Object> period = (Map<String, Object>) figures.get("period");
        assertThat(period).containsEntry("hours", 743L).containsEntry("start", "2026-02-28T23:00:00Z");
        Map<String, Object> summary = (Map<String, Object>) figures.get("summary");
        assertThat(summary.get("objectives_met")).isEqualTo(1);  // 99.9% contracted, ~99.94% reached
        assertThat(((List<?>) figures.get("maintenance"))).hasSize(1);
    }

    @Test
    @Order(1)
    void everyFigureMatchesTheOracleFromRawRows() throws Exception {
        try (Connection c = db.connection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM sla.rollup_pending")) {
            rs.next();
            assertThat(rs.getLong(1)).isGreaterThan(1000); // nothing rolled up yet: the report reads raw rows
        }
        assertOracle(generateFigures());
    }

    @Test
    @Order(2)
    void rollupsGiveTheSameBytesAsRawRows() throws Exception {
        byte[] raw = CanonicalJson.write(generateFigures());
        try (Connection c = db.connection()) {
            int total = 0;
            int n;
            while ((n = HourlyRollup.run(c, MONTH.end().plusSeconds(86400), 500)) > 0) {
                total += n;
            }
            assertThat(total).isGreaterThan(1000);
        }
        try (Connection c = db.connection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM sla.rollup_pending")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
        Map<String, Object> rolled = generateFigures();
        assertOracle(rolled);
        assertThat(new String(CanonicalJson.write(rolled))).isEqualTo(new String(raw));
    }

    @Test
    @Order(3)
    void revisionsAreStoredOnlyWhenFiguresChangeAndChainTheirHashes() throws Exception {
        Instant provisional = MONTH.end().plusSeconds(30 * 60);
        Duration grace = Duration.ofHours(1);
        ReportGenerator.Result r1;
        try (Connection c = db.connection()) {
            r1 = ReportGenerator.generate(c, CATALOG, "acme", "gold", MARCH, provisional, grace);
            assertThat(r1.stored()).isTrue();
            assertThat(r1.revision().orElseThrow().status()).isEqualTo("provisional");
            assertThat(ReportGenerator.generate(c, CATALOG, "acme", "gold", MARCH, provisional.plusSeconds(60), grace).stored())
                    .isFalse();
            // late data: one judged minute turns into a breach
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE sla.evaluations SET status = 'breach' WHERE series_key = ? AND evaluated_at = ?")) {
                st.setString(1, A.canonical());
                st.setTimestamp(2, Timestamp.from(local("2026-03-12T12:00:00")));
                assertThat(st.executeUpdate()).isOne();
            }
            RollupMarks marks = new RollupMarks();
            marks.evaluation(A, local("2026-03-12T12:00:00"));
            marks.write(c);
            ReportGenerator.Result r2 = ReportGenerator.generate(c, CATALOG, "acme", "gold", MARCH, provisional, grace);
            assertThat(r2.revision().orElseThrow().number()).isEqualTo(2);
            ReportStore.Report stored2 = ReportStore.get(c, "acme", "gold", MARCH, Optional.empty()).orElseThrow();
            assertThat(stored2.revision().previousSha256()).isEqualTo(r1.sha256());
            assertThat(new String(stored2.body())).contains("\"previous_sha256\":\"" + r1.sha256() + "\"");
            assertThat(CanonicalJson.sha256(stored2.body())).isEqualTo(stored2.revision().sha256());

            ReportGenerator.Result r3 = ReportGenerator.generate(c, CATALOG, "acme", "gold", MARCH, MONTH.end().plus(Duration.ofHours(2)), grace);
            assertThat(r3.revision().orElseThrow().status()).isEqualTo("final");
            assertThat(ReportGenerator.generate(c, CATALOG, "acme", "gold", MARCH, MONTH.end().plus(Duration.ofHours(3)), grace).stored())
                    .isFalse();
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE sla.evaluations SET status = 'ok' WHERE series_key = ? AND evaluated_at = ?")) {
                st.setString(1, A.canonical());
                st.setTimestamp(2, Timestamp.from(local("2026-03-12T12:00:00")));
                st.executeUpdate();
            }
            marks.evaluation(A, local("2026-03-12T12:00:00"));
            marks.write(c);
            ReportGenerator.Result r4 = ReportGenerator.generate(c, CATALOG, "acme", "gold", MARCH, MONTH.end().plus(Duration.ofDays(3)), grace);
            assertThat(r4.revision().orElseThrow().correction()).isTrue();
            assertThat(new String(r4.revision().orElseThrow().body())).contains("series[" + A.canonical() + " chatbot ttft_p95].minutes.breach");
            assertThat(ReportStore.list(c, "acme", "gold")).extracting(ReportStore.Revision::number).containsExactly(4, 3, 2, 1);
        }
    }

    @Test
    @Order(4)
    void aGenerationThatDiesBeforeCommitLeavesNoRevision() throws Exception {
        try (Connection c = db.connection(); Statement st = c.createStatement()) {
            st.execute("UPDATE sla.evaluations SET status = 'breach' WHERE evaluated_at = '" + local("2026-03-13T12:00:00") + "'");
            st.execute("INSERT INTO sla.rollup_pending SELECT series_key, tenant, contract, date_trunc('hour', evaluated_at) "
                    + "FROM sla.evaluations WHERE evaluated_at = '" + local("2026-03-13T12:00:00") + "' ON CONFLICT DO NOTHING");
            st.execute("""
                    CREATE FUNCTION pg_temp.die() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN RAISE EXCEPTION 'generator killed at commit'; END $$""");
            st.execute("""
                    CREATE CONSTRAINT TRIGGER die_at_commit AFTER INSERT ON sla.reports DEFERRABLE INITIALLY DEFERRED
                    FOR EACH ROW EXECUTE FUNCTION pg_temp.die()""");
            assertThatThrownBy(() -> ReportGenerator.generate(c, CATALOG, "acme", "gold", MARCH,
                    MONTH.end().plus(Duration.ofDays(4)), Duration.ofHours(1))).hasMessageContaining("generator killed");
            st.execute("DROP TRIGGER die_at_commit ON sla.reports");
            assertThat(ReportStore.list(c, "acme", "gold")).hasSize(4);
            assertThat(ReportGenerator.generate(c, CATALOG, "acme", "gold", MARCH, MONTH.end().plus(Duration.ofDays(4)),
                    Duration.ofHours(1)).revision().orElseThrow().number()).isEqualTo(5);
        }
    }

    @Test
    @Order(5)
    void unknownContractsAndFutureMonthsAreRefusedByName() throws Exception {
        try (Connection c = db.connection()) {
            assertThatThrownBy(() -> ReportGenerator.generate(c, CATALOG, "acme", "nope", MARCH, MONTH.end(), Duration.ZERO))
                    .isInstanceOfSatisfying(ReportGenerator.ReportRefused.class, e -> assertThat(e.notFound()).isTrue())
                    .hasMessageContaining("'nope'");
            assertThatThrownBy(() -> ReportGenerator.generate(c, CATALOG, "acme", "gold", YearMonth.of(2026, 5), MONTH.end(), Duration.ZERO))
                    .isInstanceOfSatisfying(ReportGenerator.ReportRefused.class, e -> assertThat(e.notFound()).isFalse())
                    .hasMessageContaining("2026-05");
        }
        assertThat(Offset.offset(0.0)).isNotNull();
    }
}
