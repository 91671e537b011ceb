package io.infersla.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infersla.testsupport.PromQl;
import io.infersla.testsupport.PrometheusQueries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus side: the scrape config and the health rules pass {@code promtool} (Debian's
 * {@code prometheus} package, installed by scripts/test-setup; this test fails, never skips,
 * without it), the rules' unit tests pass, and every metric the rules and the health dashboard
 * query is one the apps register (their Micrometer meters, as Prometheus names them).
 */
class PrometheusRulesTest {

    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final String CONTAINER_DIR = "/etc/prometheus/infersla";

    /** Quarkus' own meters the dashboard uses, besides the apps' infersla_* ones; {@code up} is Prometheus'. */
    private static final Set<String> FRAMEWORK_METRICS = Set.of("up", "http_server_requests_seconds");

    private static final Pattern MICROMETER = Pattern.compile("(Counter|FunctionCounter|Gauge|Timer)\\.builder\\(\"([a-z0-9_.]+)\"");

    @TempDir
    Path work;

    static Path prometheusDir() {
        return GrafanaLayout.root().resolveSibling("prometheus");
    }

    @Test
    void rulesAndScrapeConfigPassPromtool() throws Exception {
        copyForPromtool();
        run("check", "rules", work.resolve("infersla-rules.yml").toString());
        // prometheus.yml names the rule file by its container path: check a copy that names the local one.
        String config = Files.readString(prometheusDir().resolve("prometheus.yml"))
                .replace(CONTAINER_DIR + "/infersla-rules.yml", work.resolve("infersla-rules.yml").toString());
        Files.writeString(work.resolve("prometheus.yml"), config);
        run("check", "config", work.resolve("prometheus.yml").toString());
    }

    @Test
    void healthAlertsFireAsTheirUnitTestsExpect() throws Exception {
        copyForPromtool();
        Files.copy(PrometheusRulesTest.class.getResourceAsStream("/prometheus/infersla-rules-test.yml"),
                work.resolve("infersla-rules-test.yml"));
        run("test", "rules", work.resolve("infersla-rules-test.yml").toString());
    }

    @Test
    void everyMetricQueriedIsOneTheAppsRegister() throws IOException {
        Set<String> exposed = new TreeSet<>(FRAMEWORK_METRICS);
        Path repo = Path.of(System.getProperty("basedir", ".")).resolve("..").normalize();
        for (String module : List.of("ingest", "sla-engine", "alerting")) {
            try (Stream<Path> files = Files.walk(repo.resolve(module).resolve("src/main/java"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = MICROMETER.matcher(Files.readString(f));
                    while (m.find()) {
                        String base = m.group(2).replace('.', '_');
                        // Micrometer's Prometheus naming: counters get _total, timers _seconds(_bucket|_sum|_count|_max),
                        // gauges (registered without a base unit here) keep their name.
                        exposed.add(switch (m.group(1)) {
                            case "Gauge" -> base;
                            case "Timer" -> base + "_seconds";
                            default -> base + "_total";
                        });
                    }
                }
            }
        }
        List<PrometheusQueries.Query> queries = PrometheusQueries.in(repo);
        assertTrue(queries.size() > 5, "too few PromQL expressions found: " + queries);
        Set<String> unknown = new TreeSet<>();
        Set<String> queried = new TreeSet<>();
        for (PrometheusQueries.Query query : queries) {
            for (String name : PromQl.metricNames(query.expr())) {
                queried.add(name);
                if (!PromQl.isExposed(name, exposed)) {
                    unknown.add(name + " (" + query.where() + ")");
                }
            }
        }
        // A parser that found no names would find nothing unknown either.
        assertTrue(queried.containsAll(Set.of("up", "infersla_ingest_spans_rejected_total", "infersla_alert_deliveries_total",
                "infersla_engine_consumer_lag_seconds", "infersla_engine_evaluation_lag_seconds_bucket")), "names found: " + queried);
        assertEquals(Set.of(), unknown, "metrics queried that the apps do not register; they register " + exposed);
    }

    private void copyForPromtool() throws IOException {
        Files.copy(prometheusDir().resolve("infersla-rules.yml"), work.resolve("infersla-rules.yml"));
    }

    private void run(String... args) throws Exception {
        assertTrue(Files.isExecutable(PROMTOOL), PROMTOOL + " is missing: install Debian's package `prometheus` "
                + "(apt-get install prometheus; scripts/test-setup does)");
        List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool did not finish: " + command);
        assertEquals(0, p.exitValue(), "promtool " + String.join(" ", args) + " failed:\n" + out);
    }
}
