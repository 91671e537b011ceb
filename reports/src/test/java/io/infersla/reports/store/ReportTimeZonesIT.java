package io.infersla.reports.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.report.CanonicalJson;
import io.infersla.core.report.MonthlyReport;
import io.infersla.core.report.ReportMonth;
import io.infersla.core.request.SeriesKey;
import io.infersla.core.window.Slice;
import io.infersla.migrations.Migrations;
import io.infersla.testsupport.PostgresDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A month in four zones — Paris in October (745 h), New York in March (743 h), UTC in February
 * (672 h), Kolkata (a half-hour offset, so the month's edges are not UTC hours) — each evaluated
 * every minute from an hour before to an hour after the month, with a breach row at 23:59:59 local
 * on the last day and one at 00:00:00 local on the first of the next month: only the first counts,
 * for its one second. Raw rows and rollups give the same bytes.
 */
class ReportTimeZonesIT {

    static final PostgresDatabase db = PostgresDatabase.create();
    static final Catalog CATALOG = Catalog.builtIn();

    @BeforeAll
    static void migrate() {
        Migrations.apply(db.dataSource());
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    @ParameterizedTest
    @CsvSource({"paris, Europe/Paris, 2026-10, 745", "newyork, America/New_York, 2026-03, 743", "utc, UTC, 2026-02, 672",
            "kolkata, Asia/Kolkata, 2026-03, 744"})
    @SuppressWarnings("unchecked")
    void theMonthIsTheLocalCalendarMonth(String contract, String zone, String month, long hours) throws Exception {
        ReportMonth reportMonth = new ReportMonth(YearMonth.parse(month), ZoneId.of(zone));
        assertThat(reportMonth.hours()).isEqualTo(hours);
        SeriesKey series = new SeriesKey("acme", contract, "chat-api", "prod", "llama", "chatbot", "gpu", "");
        Instant lastSecond = reportMonth.end().minusSeconds(1);
        try (Connection c = db.connection()) {
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO sla.contracts (tenant, contract, time_zone) VALUES ('acme', ?, ?)")) {
                st.setString(1, contract);
                st.setString(2, zone);
                st.executeUpdate();
            }
            c.setAutoCommit(false);
            MonthSeed seed = new MonthSeed(c);
            for (Instant t = reportMonth.start().minusSeconds(3600); t.isBefore(reportMonth.end().plusSeconds(3600));
                    t = t.plusSeconds(60)) {
                seed.evaluation(series, "ttft_p95", t, "ok", null);
                Slice slice = new Slice(t);
                slice.record(t.isBefore(reportMonth.start()) || !t.isBefore(reportMonth.end()) ? 5000 : 100, 1);
                seed.slice(series, "ttft_ms", slice);
            }
            seed.evaluation(series, "ttft_p95", lastSecond, "breach", null);
            seed.evaluation(series, "ttft_p95", reportMonth.end(), "breach", null);
            seed.flush();
            c.commit();
        }
        Map<String, Object> raw = figures(contract, reportMonth);
        Map<String, Object> row = ((List<Map<String, Object>>) raw.get("series")).get(0);
        Map<String, Object> minutes = (Map<String, Object>) row.get("minutes");
        assertThat(((Map<String, Object>) raw.get("period")).get("hours")).isEqualTo(hours);
        assertThat(minutes.get("judged")).isEqualTo(hours * 60.0);
        assertThat(minutes.get("breach")).isEqualTo(1 / 60.0);
        assertThat(minutes.get("not_covered")).isEqualTo(0.0);
        Map<String, Object> requests = (Map<String, Object>) row.get("requests");
        assertThat(requests.get("count")).isEqualTo(hours * 60);
        assertThat((double) requests.get("p99")).isLessThan(102); // nothing from outside the month
        List<Map<String, Object>> daily = (List<Map<String, Object>>) ((List<Map<String, Object>>) raw.get("objectives")).get(0).get("daily");
        assertThat(daily).hasSize(YearMonth.parse(month).lengthOfMonth());
        assertThat(daily.get(0).get("date")).isEqualTo(month + "-01");

        try (Connection c = db.connection()) {
            while (HourlyRollup.run(c, reportMonth.end().plusSeconds(86400), 1000) > 0) {
                // roll everything up
            }
        }
        assertThat(new String(CanonicalJson.write(figures(contract, reportMonth))))
                .isEqualTo(new String(CanonicalJson.write(raw)));
    }

    static Map<String, Object> figures(String contract, ReportMonth month) throws SQLException {
        try (Connection c = db.connection()) {
            ReportSource.Contract k = ReportSource.contract(c, CATALOG, "acme", contract).orElseThrow();
            return MonthlyReport.figures(ReportSource.read(c, CATALOG, k, month.month(), month.end().plusSeconds(86400)));
        }
    }
}
