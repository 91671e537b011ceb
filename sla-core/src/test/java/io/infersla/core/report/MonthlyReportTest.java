package io.infersla.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.compliance.ComplianceTerms;
import io.infersla.core.compliance.ComplianceTermsJson;
import io.infersla.core.compliance.CreditSchedule;
import io.infersla.core.compliance.CreditTier;
import io.infersla.core.contract.ContractTermsException;
import io.infersla.core.contract.MaintenanceWindow;
import io.infersla.core.evaluate.Status;
import io.infersla.core.json.Json;
import io.infersla.core.report.ReportInput.Episode;
import io.infersla.core.report.ReportInput.MetricDay;
import io.infersla.core.report.ReportInput.SeriesObjective;
import io.infersla.core.report.StatusTime.Point;
import io.infersla.core.request.SeriesKey;
import io.infersla.core.sketch.QuantileSketch;
import io.infersla.core.window.Slice;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MonthlyReportTest {

    static final Catalog CATALOG = Catalog.builtIn();
    static final SeriesKey CHAT = new SeriesKey("acme", "gold", "chat-api", "prod", "llama", "chatbot", "gpu", "");
    static final ReportMonth MARCH_UTC = ReportMonth.parse("2026-03", "UTC");

    /** Regression (ApiFuzzIT): YearMonth.parse took -0001-01 and +10000-01, and the API made a report of year -1. */
    @Test
    void aMonthIsExactlyYyyyDashMm() {
        assertThat(ReportMonth.parseMonth("2026-03")).isEqualTo(YearMonth.of(2026, 3));
        for (String bad : new String[] {"-0001-01", "+10000-01", "2026-3", "2026-13", "26-03", "2026-03 ", "２０２６-03"}) {
            assertThatThrownBy(() -> ReportMonth.parseMonth(bad)).as(bad)
                    .hasMessage("month must be yyyy-MM like 2026-03, was '" + bad + "'");
        }
    }

    @Test
    void monthsHaveTheirLocalLengthAcrossDaylightSavingTime() {
        assertThat(ReportMonth.parse("2026-03", "Europe/Paris").hours()).isEqualTo(743);
        assertThat(ReportMonth.parse("2026-10", "Europe/Paris").hours()).isEqualTo(745);
        assertThat(ReportMonth.parse("2026-11", "America/New_York").hours()).isEqualTo(721);
        assertThat(ReportMonth.parse("2026-03", "America/New_York").hours()).isEqualTo(743);
        assertThat(ReportMonth.parse("2026-02", "UTC").hours()).isEqualTo(672);
        ReportMonth paris = ReportMonth.parse("2026-03", "Europe/Paris");
        assertThat(paris.start()).isEqualTo(Instant.parse("2026-02-28T23:00:00Z"));
        assertThat(paris.end()).isEqualTo(Instant.parse("2026-03-31T22:00:00Z"));
    }

    @Test
    void badMonthsAndZonesAreNamed() {
        assertThatThrownBy(() -> ReportMonth.parse("2026-13", "UTC")).hasMessageContaining("'2026-13'");
        assertThatThrownBy(() -> ReportMonth.parse("2026-03", "Mars/Olympus")).hasMessageContaining("'Mars/Olympus'");
    }

    @Test
    void anEvaluationAtTheLastLocalSecondCountsAndOneAtTheNextMonthsFirstDoesNot() {
        ReportMonth month = ReportMonth.parse("2026-10", "Europe/Paris");
        Instant lastSecond = LocalDate.parse("2026-10-31").atTime(23, 59, 59).atZone(ZoneId.of("Europe/Paris")).toInstant();
        Instant nextFirst = LocalDate.parse("2026-11-01").atStartOfDay(ZoneId.of("Europe/Paris")).toInstant();
        StatusTime time = StatusTime.of(List.of(new Point(lastSecond, Status.BREACH, null), new Point(nextFirst, Status.OK, null)),
                month.start(), month.end());
        assertThat(time.of(Status.BREACH)).isEqualTo(1000);
        assertThat(time.of(Status.OK)).isZero();
    }

    @Test
    void statusTimeDoesNotDependOnExtraRowsAtStatusChanges() {
        Instant t0 = Instant.parse("2026-03-02T10:00:00Z");
        List<Point> regular = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            regular.add(new Point(t0.plusSeconds(60L * i), i < 5 ? Status.OK : Status.BREACH, null));
        }
        List<Point> withExtra = new ArrayList<>(regular);
        withExtra.add(5, new Point(t0.plusSeconds(4 * 60 + 30), Status.BREACH, null));
        StatusTime a = StatusTime.of(regular, MARCH_UTC.start(), MARCH_UTC.end());
        StatusTime b = StatusTime.of(withExtra, MARCH_UTC.start(), MARCH_UTC.end());
        assertThat(a.judged()).isEqualTo(b.judged()).isEqualTo(600_000);
        assertThat(a.compliant()).isEqualTo(300_000);
        // the extra row moves 30 s of the fifth minute to breach: the status changed there
        assertThat(b.compliant()).isEqualTo(270_000);
    }

    @Test
    void aGapLongerThanTheResolutionIsNotCovered() {
        Instant t0 = Instant.parse("2026-03-02T10:00:00Z");
        StatusTime time = StatusTime.of(List.of(new Point(t0, Status.OK, null), new Point(t0.plusSeconds(600), Status.OK, null)),
                MARCH_UTC.start(), MARCH_UTC.end());
        assertThat(time.covered()).isEqualTo(120_000);
    }

    @Test
    void splittingARangeIntoHoursGivesTheSameTime() {
        Random random = new Random(7);
        List<Point> points = new ArrayList<>();
        Instant t = Instant.parse("2026-03-02T10:00:00Z");
        for (int i = 0; i < 500; i++) {
            t = t.plusSeconds(1 + random.nextInt(90));
            points.add(new Point(t, Status.values()[random.nextInt(5)], "maintenance #1"));
        }
        Instant from = Instant.parse("2026-03-02T10:00:00Z");
        StatusTime whole = StatusTime.of(points, from, from.plusSeconds(4 * 3600));
        StatusTime hours = StatusTime.NONE;
        for (int h = 0; h < 4; h++) {
            hours = hours.plus(StatusTime.of(points, from.plusSeconds(h * 3600L), from.plusSeconds((h + 1) * 3600L)));
        }
        assertThat(hours).isEqualTo(whole);
    }

    @Test
    void complianceTermsAreReadAndEveryProblemNamed() {
        Object definition = Json.parse("t", """
                {"compliance": {"attainment": 0.99, "objectives": {"chatbot": {"ttft_p95": {"attainment": 0.999}}},
                 "credits": [{"below": 0.99, "credit_percent": 10}, {"below": 0.95, "credit_percent": 25}],
                 "credit_policy": "sum", "monthly_fee": 12000, "currency": "EUR"}}""");
        ComplianceTerms terms = ComplianceTermsJson.read(CATALOG, "definition", definition);
        assertThat(terms.attainmentFor("chatbot", "ttft_p95")).isEqualTo(0.999);
        assertThat(terms.attainmentFor("chatbot", "tpot_p95")).isEqualTo(0.99);
        assertThat(terms.policy()).isEqualTo(ComplianceTerms.CreditPolicy.SUM);
        assertThat(terms.monthlyFee()).hasValue(12000);

        Object bad = Json.parse("t", """
                {"compliance": {"attainment": 99.5, "objectives": {"chatbot": {"nope": {"attainment": 0.9}}, "toaster": {}},
                 "credits": [{"below": 0.99, "credit_percent": 10}, {"below": 0.95, "credit_percent": 5}],
                 "credit_policy": "best", "monthly_fee": 12000, "colour": 1}}""");
        assertThatThrownBy(() -> ComplianceTermsJson.read(CATALOG, "definition", bad))
                .isInstanceOfSatisfying(ContractTermsException.class, e -> assertThat(e.problems()).anySatisfy(p ->
                        assertThat(p).contains("definition.compliance.attainment").contains("99.5"))
                        .anySatisfy(p -> assertThat(p).contains("nope").contains("unknown objective"))
                        .anySatisfy(p -> assertThat(p).contains("toaster").contains("unknown category"))
                        .anySatisfy(p -> assertThat(p).contains("credits").contains("must not shrink"))
                        .anySatisfy(p -> assertThat(p).contains("credit_policy").contains("'best'"))
                        .anySatisfy(p -> assertThat(p).contains("monthly_fee and currency go together"))
                        .anySatisfy(p -> assertThat(p).contains("colour")));
    }

    static ComplianceTerms terms(double contracted, ComplianceTerms.CreditPolicy policy) {
        return new ComplianceTerms(contracted, Map.of(), new CreditSchedule(List.of(
                new CreditTier(0.995, 10), new CreditTier(0.99, 25), new CreditTier(0.95, 50))),
                policy, OptionalDouble.of(1000), Optional.of("EUR"));
    }

    /** A closed month in which the series spends {@code breachMinutes} of its judged minutes in breach. */
    static Map<String, Object> monthWithBreachMinutes(long judgedMinutes, long breachMinutes, ComplianceTerms terms) {
        Instant start = MARCH_UTC.start();
        StatusTime time = new StatusTime(Map.of(Status.OK, (judgedMinutes - breachMinutes) * 60_000, Status.BREACH, breachMinutes * 60_000),
                Map.of());
        SeriesObjective so = new SeriesObjective(CHAT, "ttft_p95", time, "p95", 300, OptionalDouble.of(400), OptionalDouble.of(800));
        return MonthlyReport.figures(new ReportInput("acme", "gold", "Gold", MARCH_UTC, MARCH_UTC.end().plusSeconds(86400),
                CATALOG, terms, List.of(so), List.of(), List.of(), List.of()));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> objective(Map<String, Object> figures) {
        return (Map<String, Object>) ((List<Object>) figures.get("objectives")).get(0);
    }

    @Test
    void creditTiersAtBoundariesAboveAndBelow() {
        ComplianceTerms terms = terms(0.995, ComplianceTerms.CreditPolicy.WORST);
        // exactly 99.5%: met, no credit
        Map<String, Object> atBoundary = objective(monthWithBreachMinutes(10_000, 50, terms));
        assertThat(atBoundary.get("attainment")).isEqualTo(0.995);
        assertThat(atBoundary.get("verdict")).isEqualTo("met");
        assertThat(atBoundary.get("credit_percent")).isEqualTo(0.0);
        // one minute more: below 99.5 → 10%
        Map<String, Object> justBelow = objective(monthWithBreachMinutes(10_000, 51, terms));
        assertThat(justBelow.get("verdict")).isEqualTo("missed");
        assertThat(justBelow.get("credit_percent")).isEqualTo(10.0);
        // exactly 99%: not below 0.99 → still 10%
        assertThat(objective(monthWithBreachMinutes(10_000, 100, terms)).get("credit_percent")).isEqualTo(10.0);
        // below every tier
        Map<String, Object> below = monthWithBreachMinutes(10_000, 9_000, terms);
        assertThat(objective(below).get("credit_percent")).isEqualTo(50.0);
        assertThat(((Map<?, ?>) below.get("summary")).get("credit_amount")).isEqualTo(500.0);
        // above all tiers
        assertThat(objective(monthWithBreachMinutes(10_000, 0, terms)).get("attainment")).isEqualTo(1.0);
        // nothing judged
        Map<String, Object> none = objective(monthWithBreachMinutes(0, 0, terms));
        assertThat(none.get("verdict")).isEqualTo("no_data");
        assertThat(none.get("attainment")).isNull();
        assertThat(none.get("credit_percent")).isEqualTo(0.0);
    }

    @Test
    void reportOnlyObjectivesHaveFiguresAndNoVerdict() {
        Slice slice = new Slice(MARCH_UTC.start());
        slice.record(2.0, 1_000_000);
        SeriesKey batch = new SeriesKey("acme", "gold", "batch", "prod", "llama", "batch-inference", "gpu", "");
        SeriesObjective so = new SeriesObjective(batch, "cost_per_mtok",
                new StatusTime(Map.of(Status.REPORTED, 600_000L), Map.of()), "cost_per_million_tokens", 3600,
                OptionalDouble.empty(), OptionalDouble.empty());
        Map<String, Object> figures = MonthlyReport.figures(new ReportInput("acme", "gold", null, MARCH_UTC,
                MARCH_UTC.end(), CATALOG, ComplianceTerms.DEFAULT, List.of(so),
                List.of(new MetricDay(batch.canonical(), "cost_usd", LocalDate.parse("2026-03-05"), slice)), List.of(), List.of()));
        Map<String, Object> row = objective(figures);
        assertThat(row.get("verdict")).isEqualTo("report_only");
        assertThat(row.get("attainment")).isNull();
        assertThat(((Map<?, ?>) figures.get("summary")).get("objectives_report_only")).isEqualTo(1);
    }

    @Test
    void monthlyPercentilesComeFromMergedSketchesNotAveragedPercentiles() {
        Random random = new Random(3);
        List<MetricDay> days = new ArrayList<>();
        List<Double> all = new ArrayList<>();
        for (int d = 1; d <= 31; d++) {
            Slice slice = new Slice(MARCH_UTC.start());
            int n = d == 10 ? 20_000 : 500;   // one busy, slow day: the month's p95 is dominated by it
            for (int i = 0; i < n; i++) {
                double v = d == 10 ? 900 + random.nextDouble() * 300 : 100 + random.nextDouble() * 200;
                slice.record(v, 1);
                all.add(v);
            }
            days.add(new MetricDay(CHAT.canonical(), "ttft_ms", LocalDate.of(2026, 3, d), slice));
        }
        SeriesObjective so = new SeriesObjective(CHAT, "ttft_p95", new StatusTime(Map.of(Status.OK, 60_000L), Map.of()),
                "p95", 300, OptionalDouble.of(400), OptionalDouble.of(800));
        Map<String, Object> row = objective(MonthlyReport.figures(new ReportInput("acme", "gold", null, MARCH_UTC,
                MARCH_UTC.end(), CATALOG, ComplianceTerms.DEFAULT, List.of(so), days, List.of(), List.of())));
        Map<?, ?> requests = (Map<?, ?>) row.get("requests");
        double[] sorted = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double exact = QuantileSketch.exactQuantile(sorted, 0.95);
        assertThat(requests.get("count")).isEqualTo((long) all.size());
        assertThat((double) requests.get("p95")).isCloseTo(exact, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(((List<?>) row.get("daily"))).hasSize(31);
    }

    @Test
    void breachMinutesAreTheUnionOfEpisodesClippedToTheMonth() {
        Instant end = MARCH_UTC.end();
        List<Episode> episodes = List.of(
                new Episode("e1", CHAT.canonical(), "ttft_p95", "critical", end.minusSeconds(1800), Optional.of(end.plusSeconds(1800)),
                        1900, end.minusSeconds(60), "k1"),
                new Episode("e2", CHAT.canonical(), "ttft_p95", "warning", end.minusSeconds(900), Optional.of(end.minusSeconds(600)),
                        1200, end.minusSeconds(800), "k2"));
        SeriesObjective so = new SeriesObjective(CHAT, "ttft_p95", new StatusTime(Map.of(Status.BREACH, 1_800_000L), Map.of()),
                "p95", 300, OptionalDouble.of(400), OptionalDouble.of(800));
        Map<String, Object> figures = MonthlyReport.figures(new ReportInput("acme", "gold", null, MARCH_UTC,
                end.plusSeconds(7200), CATALOG, ComplianceTerms.DEFAULT, List.of(so), List.of(), episodes,
                List.of(new MaintenanceWindow(3, end.minusSeconds(86400 * 3), end.minusSeconds(86400 * 3 - 1800), Optional.empty(),
                        Optional.of("chatbot"), Optional.empty(), "driver upgrade"))));
        assertThat(objective(figures).get("breach_minutes")).isEqualTo(30.0);
        assertThat(((List<?>) figures.get("maintenance"))).hasSize(1);
    }

    @Test
    void canonicalJsonIsStableUnderRereadingAndTheHashCatchesAnEditedFigure() {
        Map<String, Object> figures = monthWithBreachMinutes(10_000, 51, terms(0.995, ComplianceTerms.CreditPolicy.SUM));
        ReportRevisions.Next first = ReportRevisions.next(Optional.empty(), figures, true, MARCH_UTC.end()).orElseThrow();
        byte[] reread = CanonicalJson.write(CanonicalJson.read("r", first.body()));
        assertThat(reread).isEqualTo(first.body());
        String edited = new String(first.body(), java.nio.charset.StandardCharsets.UTF_8).replace("\"attainment\":0.9949", "\"attainment\":0.9959");
        assertThat(edited).isNotEqualTo(new String(first.body(), java.nio.charset.StandardCharsets.UTF_8));
        assertThat(CanonicalJson.sha256(CanonicalJson.write(Json.parse("e", edited)))).isNotEqualTo(first.sha256());
        assertThat(CanonicalJson.number(0.1 + 0.2)).isEqualTo(new BigDecimal("0.3"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void revisionsChainAndOnlyChangesAreStored() {
        ComplianceTerms terms = terms(0.995, ComplianceTerms.CreditPolicy.WORST);
        Map<String, Object> figures = monthWithBreachMinutes(10_000, 20, terms);
        Instant at = MARCH_UTC.end();
        ReportRevisions.Next r1 = ReportRevisions.next(Optional.empty(), figures, false, at).orElseThrow();
        ReportRevisions.Stored s1 = new ReportRevisions.Stored(1, r1.status(), r1.sha256(),
                (Map<String, Object>) CanonicalJson.read("r1", r1.body()));
        assertThat(ReportRevisions.next(Optional.of(s1), monthWithBreachMinutes(10_000, 20, terms), false, at.plusSeconds(60))).isEmpty();

        ReportRevisions.Next r2 = ReportRevisions.next(Optional.of(s1), monthWithBreachMinutes(10_000, 60, terms), false, at).orElseThrow();
        Map<String, Object> body2 = (Map<String, Object>) CanonicalJson.read("r2", r2.body());
        Map<String, Object> revision2 = (Map<String, Object>) body2.get("revision");
        assertThat(revision2.get("previous_sha256")).isEqualTo(r1.sha256());
        assertThat(revision2.get("correction")).isEqualTo(false);
        assertThat((List<String>) revision2.get("changes")).anySatisfy(c -> assertThat(c).contains("attainment"));

        ReportRevisions.Stored s2 = new ReportRevisions.Stored(2, r2.status(), r2.sha256(), body2);
        ReportRevisions.Next r3 = ReportRevisions.next(Optional.of(s2), monthWithBreachMinutes(10_000, 60, terms), true, at).orElseThrow();
        assertThat(r3.status()).isEqualTo("final");
        assertThat(r3.correction()).isFalse();
        ReportRevisions.Stored s3 = new ReportRevisions.Stored(3, "final", r3.sha256(), (Map<String, Object>) CanonicalJson.read("r3", r3.body()));
        assertThat(ReportRevisions.next(Optional.of(s3), monthWithBreachMinutes(10_000, 60, terms), true, at)).isEmpty();
        ReportRevisions.Next r4 = ReportRevisions.next(Optional.of(s3), monthWithBreachMinutes(10_000, 61, terms), true, at).orElseThrow();
        assertThat(r4.correction()).isTrue();
        assertThat(r4.number()).isEqualTo(4);
        assertThat(Arrays.equals(r4.body(), r3.body())).isFalse();
    }

    @Test
    void aSeriesThatAppearsIsOneChangeNotOnePerFigure() {
        Map<String, Object> one = Map.of("series", List.of(Map.of("series_key", "a", "objective", "ttft_p95", "attainment", 0.99)));
        Map<String, Object> two = Map.of("series", List.of(
                Map.of("series_key", "a", "objective", "ttft_p95", "attainment", 0.98),
                Map.of("series_key", "b", "objective", "ttft_p95", "attainment", 1.0,
                        "daily", List.of(Map.of("date", "2026-03-01", "count", 5)))));
        assertThat(ReportRevisions.changes(one, two)).containsExactly(
                "series[a ttft_p95].attainment: 0.99 → 0.98", "series[b ttft_p95]: added");
        assertThat(ReportRevisions.changes(two, one)).containsExactly(
                "series[a ttft_p95].attainment: 0.98 → 0.99", "series[b ttft_p95]: removed");
    }

    @Test
    void aMonthThatHasNotStartedCannotBeReported() {
        assertThatThrownBy(() -> MonthlyReport.figures(new ReportInput("acme", "gold", null, new ReportMonth(YearMonth.of(2026, 4), ZoneId.of("UTC")),
                MARCH_UTC.start(), CATALOG, ComplianceTerms.DEFAULT, List.of(), List.of(), List.of(), List.of())))
                .hasMessageContaining("has not started");
    }
}
