package io.infersla.alerting.testing;

import static org.awaitility.Awaitility.await;

import org.awaitility.core.ConditionTimeoutException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Alertmanager (Debian's {@code prometheus-alertmanager}) on a free loopback port, with
 * gossip off and a throw-away storage directory. A missing binary is a test failure, not a skip:
 * {@code ./infersla test} installs it, and a machine without it must say so loudly.
 */
public final class AlertmanagerProcess implements AutoCloseable {

    static final List<String> CANDIDATES = List.of("/usr/bin/prometheus-alertmanager", "/usr/local/bin/alertmanager",
            "/usr/bin/alertmanager");

    private static final String CONFIG = """
            route:
              receiver: blackhole
              group_wait: 1s
            receivers:
              - name: blackhole
            """;

    private final Process process;
    private final Path dir;
    private final int port;
    private final Path log;

    private AlertmanagerProcess(Process process, Path dir, int port, Path log) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.log = log;
    }

    public static Optional<Path> binary() {
        String configured = System.getenv("INFERSLA_ALERTMANAGER_BIN");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    public static AlertmanagerProcess start() throws IOException, InterruptedException {
        String configured = System.getenv("INFERSLA_ALERTMANAGER_BIN");
        Path bin = binary().orElseThrow(() -> new AssertionError("Alertmanager binary not found ("
                + (configured != null && !configured.isBlank()
                        ? "INFERSLA_ALERTMANAGER_BIN=" + configured + " is not an executable file"
                        : "looked for " + CANDIDATES + "; INFERSLA_ALERTMANAGER_BIN is not set")
                + "). Install Debian's package: apt-get install -y prometheus-alertmanager (./infersla test does this)."));
        Path dir = Files.createTempDirectory("infersla-alertmanager");
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, CONFIG);
        Files.createDirectories(dir.resolve("data"));
        int port = freePort();
        Path log = dir.resolve("alertmanager.log");
        Process process = new ProcessBuilder(bin.toString(),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=",
                "--storage.path=" + dir.resolve("data"),
                "--config.file=" + config)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        AlertmanagerProcess am = new AlertmanagerProcess(process, dir, port, log);
        am.awaitReady();
        return am;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** {@code GET /api/v2/alerts} as text. */
    public String alerts() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(baseUrl().resolve("/api/v2/alerts")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /api/v2/alerts answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private void awaitReady() throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptionsInstanceOf(IOException.class) // not listening yet
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("Alertmanager exited with " + process.exitValue() + ": "
                                    + Files.readString(log));
                        }
                        return client.send(HttpRequest.newBuilder(baseUrl().resolve("/-/ready")).GET().build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    });
        } catch (ConditionTimeoutException e) {
            close();
            throw new AssertionError("Alertmanager not ready after 30 s: " + Files.readString(log));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
