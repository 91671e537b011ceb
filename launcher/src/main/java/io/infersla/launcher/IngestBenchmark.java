package io.infersla.launcher;

import io.infersla.core.catalog.DurationText;
import io.infersla.loadgen.ClosedLoopRun;
import io.infersla.loadgen.VllmExports;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code ./infersla bench-ingest}: the end-to-end ingest load test. OTLP/HTTP in, acknowledged by
 * Kafka: a real broker and the real ingest application (both child JVMs, as {@code ./infersla
 * local} runs them, on this machine), then for each client count a closed-loop run of pre-encoded
 * 100-span vLLM exports ({@link ClosedLoopRun}), printed as a table of spans/s, exports/s,
 * latency p50 / p99 / max and failures. {@code --url} and {@code --token} point it at an ingest
 * that is already running instead (then nothing is started).
 */
public final class IngestBenchmark {

    static final String USAGE = """
            usage: ./infersla bench-ingest [options]

              --clients N,N,...   concurrent closed-loop clients, one run per value (default 8,16,32)
              --warm-up D         per run, not measured (default 10s)
              --duration D        per run, measured (default 30s)
              --spans N           spans per export (default 100)
              --url URL           an ingest that is already running (OTLP/HTTP base URL); with --token
              --token TOKEN       its bearer token
              --kafka HOST:PORT   start ingest against this broker instead of starting one
            """;

    private static final Duration READY = Duration.ofSeconds(180);
    private static final int DISTINCT_EXPORTS = 64;

    record Options(List<Integer> clients, Duration warmUp, Duration measured, int spans, Optional<String> url,
            Optional<String> token, Optional<String> kafka) {
    }

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        Options options;
        try {
            if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
                System.out.print(USAGE);
                return;
            }
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("infersla: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(64);
            return;
        }
        run(options, System.getProperty("java.class.path"), Path.of(System.getProperty("infersla.home", "")), System.out);
    }

    static Options parse(String[] args) {
        List<Integer> clients = List.of(8, 16, 32);
        Duration warmUp = Duration.ofSeconds(10);
        Duration measured = Duration.ofSeconds(30);
        int spans = 100;
        Optional<String> url = Optional.empty();
        Optional<String> token = Optional.empty();
        Optional<String> kafka = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--clients" -> clients = Stream.of(value.split(",")).map(v -> positive(option, v.trim())).toList();
                case "--warm-up" -> warmUp = duration(option, value);
                case "--duration" -> measured = duration(option, value);
                case "--spans" -> spans = positive(option, value);
                case "--url" -> url = Optional.of(value);
                case "--token" -> token = Optional.of(value);
                case "--kafka" -> kafka = Optional.of(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (url.isPresent() != token.isPresent()) {
            throw new IllegalArgumentException("--url and --token go together");
        }
        if (measured.isZero()) {
            throw new IllegalArgumentException("--duration must be > 0");
        }
        return new Options(clients, warmUp, measured, spans, url, token, kafka);
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a whole number >= 1, was '" + value + "'");
    }

    private static Duration duration(String option, String value) {
        return DurationText.parse(value).orElseThrow(() ->
                new IllegalArgumentException(option + " must be a duration such as 30s or 2m, was '" + value + "'"));
    }

    static void run(Options options, String classpath, Path home, PrintStream out) throws Exception {
        if (options.url().isPresent()) {
            measure(options, options.url().get(), options.token().get(), "ingest at " + options.url().get(),
                    Map.of("load generator", ProcessHandle.current()), out);
            return;
        }
        Path root = Files.createTempDirectory("infersla-bench-ingest-");
        DataDirectory data = DataDirectory.open(root);
        List<AutoCloseable> started = new ArrayList<>();
        // The broker and ingest run detached (setsid): Ctrl-C reaches only this JVM, which stops them.
        Thread hook = new Thread(() -> stopAll(started), "bench-ingest-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            KafkaNode kafka = options.kafka().map(KafkaNode::external).orElseGet(() -> KafkaNode.start(data, 0, classpath));
            add(started, kafka);
            kafka.awaitReady(LocalStack.KAFKA_READY);
            kafka.createTopics();
            int http = Ports.free();
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("quarkus.http.host", Ports.LOOPBACK);
            properties.put("infersla.kafka.bootstrap-servers", kafka.bootstrapServers());
            properties.put("infersla.ingest.grpc.port", Integer.toString(Ports.free()));
            properties.put("infersla.ingest.dev-token", data.token());
            properties.put("infersla.ingest.dev-tenant", LocalContract.TENANT);
            // The same heap as ./infersla local gives ingest.
            ServiceProcess ingest = ServiceProcess.start("ingest", ServiceProcess.runnableJar(home, "ingest"), http,
                    properties, "384m", data);
            add(started, ingest);
            ingest.awaitReady(READY);
            Map<String, ProcessHandle> processes = new LinkedHashMap<>();
            processes.put("ingest", ingest.process().handle());
            kafka.broker().ifPresent(broker -> processes.put("kafka", broker.handle()));
            processes.put("load generator", ProcessHandle.current());
            measure(options, "http://" + Ports.LOOPBACK + ":" + http, data.token(),
                    "ingest (child JVM, -Xmx384m, SerialGC) and " + (options.kafka().isPresent() ? "the broker at "
                            + kafka.bootstrapServers() : "a Kafka 4.1.2 broker (child JVM, -Xmx512m, 3 partitions)")
                            + " on this machine", processes, out);
        } finally {
            stopAll(started);
            DataDirectory.deleteQuietly(root);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or ran: nothing left to stop
            }
        }
    }

    /** Newest first, so ingest stops before the broker it writes to. */
    private static void add(List<AutoCloseable> started, AutoCloseable part) {
        synchronized (started) {
            started.add(0, part);
        }
    }

    private static void stopAll(List<AutoCloseable> started) {
        synchronized (started) {
            for (AutoCloseable part : started) {
                try {
                    part.close();
                } catch (Exception e) {
                    System.err.println("infersla: " + e.getMessage());
                }
            }
            started.clear();
        }
    }

    /** Each process alone (the load generator's children are the broker and ingest, measured on their own). */
    private static Map<String, ProcessUsage> usage(Map<String, ProcessHandle> processes) {
        Map<String, ProcessUsage> usage = new LinkedHashMap<>();
        processes.forEach((name, process) -> ProcessUsage.ofProcess(process.pid()).ifPresent(u -> usage.put(name, u)));
        return usage;
    }

    private static void measure(Options options, String url, String token, String target,
            Map<String, ProcessHandle> processes, PrintStream out) throws InterruptedException {
        out.println("ingest load: " + ClosedLoopRun.conditions(options.spans(), options.warmUp(), options.measured()));
        out.println("against: " + target);
        out.println(ClosedLoopRun.Outcome.header());
        for (int clients : options.clients()) {
            // Fresh exports per run: their spans must stay younger than ingest's late bound.
            List<byte[]> exports = VllmExports.encode(DISTINCT_EXPORTS, options.spans(), Instant.now(), clients);
            Map<String, ProcessUsage> before = usage(processes);
            long started = System.nanoTime();
            ClosedLoopRun.Outcome outcome = ClosedLoopRun.run(url, token, exports, options.spans(), clients,
                    options.warmUp(), options.measured());
            double wallSeconds = (System.nanoTime() - started) / 1e9;
            StringBuilder cores = new StringBuilder();
            usage(processes).forEach((name, after) -> cores.append(cores.isEmpty() ? "" : ", ").append(name).append(' ')
                    .append(String.format(java.util.Locale.ROOT, "%.2f",
                            before.containsKey(name) ? after.coresSince(before.get(name), wallSeconds) : 0.0)));
            double load = ProcessUsage.loadAverage();
            out.println(outcome.row() + (Double.isNaN(load) ? "" : String.format(java.util.Locale.ROOT, "  (load average %.2f)", load)));
            out.println("         cores used: " + cores);
        }
    }

}
