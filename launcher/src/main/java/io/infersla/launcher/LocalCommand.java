package io.infersla.launcher;

import io.infersla.core.config.PostgresUrl;

import io.infersla.loadgen.cli.Cli;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./infersla local}: starts the stack, prints the ready line, runs until SIGINT / SIGTERM
 * (or until a child process dies), then stops everything it started. Exit status 0 after a
 * requested stop (and after {@code --help}), 1 when start-up failed or a child died, 2 for a bad
 * command line (one line on stderr).
 */
@Command(name = "./infersla local", sortOptions = false, sortSynopsis = false,
        description = "Run the whole pipeline locally: Kafka, PostgreSQL, ingest and sla-engine, until Ctrl-C.")
public final class LocalCommand implements Callable<Integer> {

    @Option(names = "--demo",
            description = "also run the load generator with an injected breach, watch breaches, receive PagerDuty events")
    boolean demo;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Kafka, PostgreSQL, logs and the token (default: ~/.infersla/local)")
    Path dataDir;

    @Option(names = "--pg-url", paramLabel = "URL",
            description = "use this PostgreSQL instead of embedded binaries: jdbc:postgresql://host:port/db, "
                    + "postgresql://user:password@host:port/db or host=... dbname=... (default: embedded)")
    String pgUrl;

    @Option(names = "--pg-user", paramLabel = "USER", description = "the user of --pg-url (default: the URL's, else postgres)")
    String pgUser;

    @Option(names = "--pg-password", paramLabel = "PASSWORD", description = "the password of --pg-url (default: the URL's, else none)")
    String pgPassword;

    @Option(names = "--kafka", paramLabel = "HOST:PORT",
            description = "use this Kafka cluster (HOST:PORT[,HOST:PORT...]) instead of starting a broker (default: a broker of its own)")
    String kafka;

    @Option(names = "--pagerduty-url", paramLabel = "URL",
            description = "page there (PagerDuty Events v2 base URL) instead of the built-in local receiver (default: the local receiver)")
    String pagerDutyUrl;

    @Option(names = "--alertmanager-url", paramLabel = "URL", description = "also send alerts to this Alertmanager (base URL) (default: none)")
    String alertmanagerUrl;

    @Option(names = "--otlp-http-port", paramLabel = "N", defaultValue = "4318",
            description = "ingest OTLP/HTTP port, 0..65535; 0: any free port (default: ${DEFAULT-VALUE})")
    int otlpHttpPort;

    @Option(names = "--otlp-grpc-port", paramLabel = "N", defaultValue = "4317",
            description = "ingest OTLP/gRPC port, 0..65535; 0: any free port (default: ${DEFAULT-VALUE})")
    int otlpGrpcPort;

    @Option(names = "--api-port", paramLabel = "N", defaultValue = "8080",
            description = "sla-engine API port, 0..65535; 0: any free port (default: ${DEFAULT-VALUE})")
    int apiPort;

    @Option(names = "--kafka-port", paramLabel = "N", defaultValue = "9092",
            description = "the broker's port, 0..65535; 0: any free port (default: ${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(names = "--demo-rate", paramLabel = "N", defaultValue = "40",
            description = "requests/s of the demo load, > 0 (default: ${DEFAULT-VALUE})")
    double demoRate;

    @Mixin
    StackOptions.Home home;

    @Mixin
    Cli.Help help;

    @Spec
    CommandSpec spec;

    LocalCommand(Path defaultDataDir, Path defaultHome) {
        this.dataDir = defaultDataDir;
        this.home = new StackOptions.Home(defaultHome);
    }

    @Override
    public Integer call() throws InterruptedException {
        return run(options(), System.getProperty("java.class.path"), System.out);
    }

    /** @throws picocli.CommandLine.ParameterException naming the option and the bad value */
    static LaunchOptions parse(String[] args, Path defaultDataDir, Path defaultHome) {
        LocalCommand command = new LocalCommand(defaultDataDir, defaultHome);
        Cli.commandLine(command).parseArgs(args);
        return command.options();
    }

    /** The parsed options; a bad value is a usage error naming the option. */
    LaunchOptions options() {
        try {
            String[] names = {"--otlp-http-port", "--otlp-grpc-port", "--api-port", "--kafka-port"};
            int[] ports = {otlpHttpPort, otlpGrpcPort, apiPort, kafkaPort};
            for (int i = 0; i < ports.length; i++) {
                if (ports[i] < 0 || ports[i] > 65535) {
                    throw new IllegalArgumentException(names[i] + " must be a port in 0..65535, was " + ports[i]);
                }
            }
            if (!(demoRate > 0) || !Double.isFinite(demoRate)) {
                throw new IllegalArgumentException("--demo-rate must be a number > 0, was " + demoRate);
            }
            if (pgUrl == null && (pgUser != null || pgPassword != null)) {
                throw new IllegalArgumentException((pgUser != null ? "--pg-user" : "--pg-password")
                        + " needs --pg-url (the embedded PostgreSQL has its own user)");
            }
            Optional<PostgresUrl> postgres = pgUrl == null ? Optional.empty() : Optional.of(PostgresUrl.parse("--pg-url", pgUrl,
                    "postgres").withCredentials(Optional.ofNullable(pgUser), Optional.ofNullable(pgPassword)));
            return new LaunchOptions(demo, postgres, Optional.ofNullable(kafka),
                    Optional.ofNullable(pagerDutyUrl).map(url -> httpUrl("--pagerduty-url", url)),
                    Optional.ofNullable(alertmanagerUrl).map(url -> httpUrl("--alertmanager-url", url)),
                    dataDir.toAbsolutePath().normalize(), home.resolved(),
                    otlpHttpPort, otlpGrpcPort, apiPort, kafkaPort, demoRate);
        } catch (IllegalArgumentException e) {
            throw Cli.usage(spec, e.getMessage());
        }
    }

    private static URI httpUrl(String option, String value) {
        if (!value.startsWith("http://") && !value.startsWith("https://")) {
            throw new IllegalArgumentException(option + " must start with http:// or https://, was " + value);
        }
        return URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
    }

    /** Runs the stack until the JVM is asked to stop; returns the exit status. */
    static int run(LaunchOptions options, String classpath, PrintStream console) throws InterruptedException {
        LocalStack stack = new LocalStack(console);
        AtomicReference<Demo> demo = new AtomicReference<>();
        AtomicReference<BreachWatch> watch = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Thread hook = new Thread(() -> {
            stopping.set(true);
            console.println("infersla: stopping...");
            Optional.ofNullable(demo.get()).ifPresent(Demo::close);
            Optional.ofNullable(watch.get()).ifPresent(BreachWatch::close);
            stack.close();
            console.println("infersla: stopped");
            stopped.countDown();
            main.interrupt();
        }, "infersla-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Instant since = Instant.now();
            stack.start(options, classpath);
            console.println(stack.readyLine());
            BreachWatch breaches = new BreachWatch(stack.database(), console, since);
            watch.set(breaches);
            breaches.start();
            if (options.demo()) {
                demo.set(Demo.start(stack.endpoints(), options.demoRate(), console));
            }
            while (true) {
                Thread.sleep(1000);
                if (stopping.get()) {
                    continue;
                }
                Optional<String> gaveUp = stack.supervise();
                if (gaveUp.isPresent() && !stopping.get()) {
                    console.println("infersla: " + gaveUp.get());
                    return 1;
                }
            }
        } catch (InterruptedException e) {
            // the shutdown hook is stopping everything
            stopped.await();
            return 0;
        } catch (RuntimeException e) {
            if (stopped.getCount() == 0) {
                return 0; // start-up was cut short by a stop request
            }
            console.println("infersla: the local stack did not start: " + e.getMessage());
            return 1;
        }
    }
}
