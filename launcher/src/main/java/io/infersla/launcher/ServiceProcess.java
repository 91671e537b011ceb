package io.infersla.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Quarkus application of this repository ({@code <module>/target/quarkus-app/quarkus-run.jar})
 * run as a child JVM with its configuration as {@code -D} system properties, ready when
 * {@code /q/health/ready} answers 200.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final String name;
    private final List<String> command;
    private final DataDirectory data;
    private final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile ChildProcess process;

    private ServiceProcess(String name, List<String> command, DataDirectory data, int httpPort) {
        this.name = name;
        this.command = List.copyOf(command);
        this.data = data;
        this.httpPort = httpPort;
        this.process = ChildProcess.start(name, command, data.resolve(name), data);
    }

    /** The runnable jar of a module, or a message saying how to build it. */
    static Path runnableJar(Path home, String module) {
        Path jar = home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(module + " is not built: " + jar + " is missing; build it with "
                    + "mvn -B -ntp -DskipTests package -pl " + module + " -am (./infersla local does this itself)");
        }
        return jar;
    }

    static ServiceProcess start(String name, Path jar, int httpPort, Map<String, String> properties, String maxHeap,
            DataDirectory data) {
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.java());
        command.add("-Xmx" + maxHeap);
        command.add("-Djava.awt.headless=true"); // report PDFs draw their charts off screen
        command.add("-XX:+UseSerialGC");
        // Marks the process as this data directory's, for ChildProcess.reapLeftover.
        command.add("-Dinfersla-launcher.data-dir=" + data.root());
        command.add("-Dquarkus.http.port=" + httpPort);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        return new ServiceProcess(name, command, data, httpPort);
    }

    /** The current process (a new one after each {@link #restart}). */
    ChildProcess process() {
        return process;
    }

    /** Starts the service again with the same command line, after its process died. */
    void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running (pid " + process.pid() + ")");
        }
        process = ChildProcess.start(name, command, data.resolve(name), data);
    }

    /** Polls {@code /q/health/ready} until it answers 200. */
    void awaitReady(Duration timeout) throws InterruptedException {
        URI ready = URI.create("http://" + Ports.LOOPBACK + ":" + httpPort + "/q/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            process.requireAlive();
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + response.statusCode() + " " + response.body().replaceAll("\\s+", " ");
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new IllegalStateException(process.name() + " not ready within " + timeout.toSeconds() + " s (" + last
                + "); the end of " + process.logFile() + ":\n" + process.tail(30));
    }

    void stop(Duration grace) {
        process.stop(grace);
    }

    @Override
    public void close() {
        stop(LocalStack.SERVICE_STOP);
    }
}
