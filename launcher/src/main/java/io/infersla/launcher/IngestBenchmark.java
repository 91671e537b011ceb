package io.infersla.launcher;

import io.infersla.loadgen.ClosedLoopRun;
import io.infersla.loadgen.VllmExports;
import io.infersla.loadgen.cli.Cli;
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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./infersla bench-ingest}: the end-to-end ingest load test. OTLP/HTTP in, acknowledged by
 * Kafka: a real broker and the real ingest application (both child JVMs, as {@code ./infersla
 * local} runs them, on this machine), then for each client count a closed-loop run of pre-encoded
 * 100-span vLLM exports ({@link ClosedLoopRun}), printed as a table of spans/s, exports/s,
 * latency p50 / p99 / max and failures. {@code --url} and {@code --token} point it at an ingest
 * that is already running instead (then nothing is started).
 */
@Command(name = "./infersla bench-ingest", sortOptions = false, sortSynopsis = false,
        description = "The end-to-end ingest load test: closed-loop clients of 100-span OTLP/HTTP exports against ingest and Kafka.")
public final class IngestBenchmark implements Callable<Integer> {

    private static final Duration READY = Duration.ofSeconds(180);
    private static final int DISTINCT_EXPORTS = 64;

    record Options(List<Integer> clients, Duration warmUp, Duration measured, int spans, Optional<String> url,
            Optional<String> token, Optional<String> kafka) {
    }

    @Option(names = "--clients", paramLabel = "N", split = "\\s*,\\s*", splitSynopsisLabel = ",", defaultValue = "8,16,32",
            description = "concurrent closed-loop clients, one run per value, each >= 1 (default: ${DEFAULT-VALUE})")
    List<Integer> clients;

    @Option(names = "--warm-up", paramLabel = "D", defaultValue = "10s",
            description = "per run, not measured; 0: none (default: ${DEFAULT-VALUE})")
    Duration warmUp;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "30s", description = "per run, measured, > 0 (default: ${DEFAULT-VALUE})")
    Duration measured;

    @Option(names = "--spans", paramLabel = "N", defaultValue = "100", description = "spans per export, >= 1 (default: ${DEFAULT-VALUE})")
    int spans;

    @Option(names = "--url", paramLabel = "URL",
            description = "an ingest that is already running (OTLP/HTTP base URL); with --token (default: start one)")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", description = "its bearer token (default: none)")
    String token;

    @Option(names = "--kafka", paramLabel = "HOST:PORT",
            description = "start ingest against this broker instead of starting one (default: a broker of its own)")
    String kafka;

    @Mixin
    Cli.Help help;

    @Spec
    CommandSpec spec;

    IngestBenchmark() {
    }

    @Override
    public Integer call() throws Exception {
        run(options(), System.getProperty("java.class.path"), Path.of(System.getProperty("infersla.home", "")), System.out);
        return 0;
    }

    /** @throws picocli.CommandLine.ParameterException naming the option and the bad value */
    static Options parse(String... args) {
        IngestBenchmark command = new IngestBenchmark();
        Cli.commandLine(command).parseArgs(args);
        return command.options();
    }

    /** The parsed options, checked; a bad value is a usage error naming the option. */
    Options options() {
        for (int n : clients) {
            if (n < 1) {
                throw Cli.usage(spec, "--clients must be whole numbers >= 1, was " + n);
            }
        }
        if (spans < 1) {
            throw Cli.usage(spec, "--spans must be a whole number >= 1, was " + spans);
        }
        if ((url != null) != (token != null)) {
            throw Cli.usage(spec, "--url and --token go together");
        }
        if (measured.isZero()) {
            throw Cli.usage(spec, "--duration must be > 0");
        }
        return new Options(List.copyOf(clients), warmUp, measured, spans, Optional.ofNullable(url), Optional.ofNullable(token),
                Optional.ofNullable(kafka));
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
