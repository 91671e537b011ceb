package io.infersla.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./infersla local} as a user runs it: the launcher's main in its own JVM, on free ports,
 * with a fresh data directory; stopped with SIGTERM as Ctrl-C or a service manager would. Needs
 * ingest and sla-engine built (the reactor builds them before this module).
 */
class LocalCommandIT {

    static final Pattern READY = Pattern.compile(
            "InferSLA ready in ([0-9.]+) s: ingest http://127\\.0\\.0\\.1:(\\d+) \\(OTLP/HTTP\\) grpc 127\\.0\\.0\\.1:(\\d+) "
                    + "\\(OTLP/gRPC\\), API http://127\\.0\\.0\\.1:(\\d+), kafka 127\\.0\\.0\\.1:(\\d+), "
                    + "database jdbc:postgresql://127\\.0\\.0\\.1:(\\d+)/infersla, token (\\S+)");
    static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    static final Path HOME = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path dataDir;

    private final List<Process> launched = new ArrayList<>();

    /**
     * A started launcher: its process, its console up to the ready line, its live console (the
     * lines after it, as they come) and the ports of its ready line.
     */
    record Running(Process process, List<String> beforeReady, BlockingQueue<String> console, Matcher ready) {
        int port(int group) {
            return Integer.parseInt(ready.group(group));
        }
    }

    @Test
    void startsPrintsTheReadyLineAcceptsSpansAndStopsEverythingOnSigterm() throws Exception {
        Running stack = launch();
        int otlpHttp = stack.port(2);
        String token = stack.ready().group(7);

        HttpClient http = HttpClient.newHttpClient();
        assertThat(get(http, "http://127.0.0.1:" + stack.port(4) + "/q/health/ready")).isEqualTo(200);
        // An empty protobuf export is a valid export: 200 means the token was accepted end to end.
        HttpResponse<byte[]> export = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + otlpHttp + "/v1/traces"))
                .header("Content-Type", "application/x-protobuf").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[0])).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(export.statusCode()).isEqualTo(200);

        stopAndCheckNothingIsLeft(stack);
    }

    @Test
    void aRestartOnTheSameDataDirectoryKeepsTheTokenAndTheDatabaseAndIsReadyWithin30Seconds() throws Exception {
        Running first = launch();
        String token = first.ready().group(7);
        int postgresPort = first.port(6);
        stopAndCheckNothingIsLeft(first);

        Running second = launch();
        assertThat(second.ready().group(7)).isEqualTo(token);
        assertThat(second.port(6)).isEqualTo(postgresPort);
        assertThat(Double.parseDouble(second.ready().group(1))).isLessThan(30.0);
        assertThat(second.beforeReady()).noneMatch(line -> line.contains("applied")); // the schema was kept
        stopAndCheckNothingIsLeft(second);
    }

    @Test
    void demoOpensAndResolvesABreachAndPagesTheLocalReceiver() throws Exception {
        Running stack = launch("--demo");
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        boolean opened = false;
        boolean resolved = false;
        boolean triggered = false;
        boolean resolveSent = false;
        List<String> seen = new ArrayList<>(stack.beforeReady());
        while (System.nanoTime() < deadline && !(opened && resolved && triggered && resolveSent)) {
            String line = stack.console().poll(1, TimeUnit.SECONDS);
            if (line == null) {
                continue;
            }
            seen.add(line);
            opened |= line.startsWith("breach opened: ") && line.contains("ttft");
            resolved |= line.startsWith("breach resolved: ") && line.contains("ttft");
            triggered |= line.startsWith("pagerduty (local): trigger");
            resolveSent |= line.startsWith("pagerduty (local): resolve");
            assertThat(line).as("the local receiver refuses nothing the engine sends").doesNotContain("refused an event");
        }
        assertThat(opened).as("a TTFT breach opened; console: %s", seen).isTrue();
        assertThat(triggered).as("PagerDuty trigger delivered to the local receiver; console: %s", seen).isTrue();
        assertThat(resolved).as("the breach resolved; console: %s", seen).isTrue();
        assertThat(resolveSent).as("PagerDuty resolve delivered; console: %s", seen).isTrue();
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + stack.port(4) + "/q/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher delivered = Pattern.compile("infersla_alert_deliveries_total\\{outcome=\"delivered\"} ([0-9.]+)").matcher(metrics);
        assertThat(delivered.find()).as("delivery counter on /q/metrics").isTrue();
        assertThat(Double.parseDouble(delivered.group(1))).as("trigger and resolve counted").isGreaterThanOrEqualTo(2);
        stopAndCheckNothingIsLeft(stack);
    }

    private Running launch(String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(ChildProcess.java(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                LocalCommand.class.getName(), "--home", HOME.toString(), "--data-dir", dataDir.toString(),
                "--otlp-http-port", "0", "--otlp-grpc-port", "0", "--api-port", "0", "--kafka-port", "0"));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        launched.add(process);
        BlockingQueue<String> console = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    System.out.println("[launcher] " + line);
                    console.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "launcher-console");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String line = console.poll(1, TimeUnit.SECONDS);
            if (line == null) {
                assertThat(process.isAlive()).as("launcher still running; console: %s", seen).isTrue();
                continue;
            }
            seen.add(line);
            Matcher ready = READY.matcher(line);
            if (line.startsWith("InferSLA ready")) {
                assertThat(ready.matches()).as("ready line format: %s", line).isTrue();
                return new Running(process, List.copyOf(seen), console, ready);
            }
        }
        throw new AssertionError("no ready line within " + READY_TIMEOUT + "; console: " + seen);
    }

    private void stopAndCheckNothingIsLeft(Running stack) throws Exception {
        List<Integer> ports = List.of(stack.port(2), stack.port(3), stack.port(4), stack.port(5), stack.port(6));
        List<ProcessHandle> children = stack.process().descendants().toList();
        assertThat(children).as("Kafka, ingest and sla-engine run as children").hasSizeGreaterThanOrEqualTo(3);

        stack.process().destroy(); // SIGTERM
        assertThat(stack.process().waitFor(90, TimeUnit.SECONDS)).as("launcher exits after SIGTERM").isTrue();

        assertThat(children).noneMatch(ProcessHandle::isAlive);
        assertThat(ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(dataDir.toString())).orElse(false)))
                .as("no process of this data directory (broker, PostgreSQL, services) is left").isEmpty();
        for (int port : ports) {
            assertThat(Ports.isFree(port)).as("port %d is free again", port).isTrue();
        }
    }

    private static int get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @AfterEach
    void killLeftovers() {
        for (Process p : launched) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
