package io.infersla.loadgen;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.catalog.Category;
import io.infersla.loadgen.cli.Cli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./infersla loadgen}: parses the command line (picocli, {@link Cli}) into
 * {@link LoadSettings} and runs the generator until its duration ends or the JVM is interrupted
 * (Ctrl-C prints the totals). Exit status 0 when spans were accepted (or nothing was sent), 1 when
 * every export failed, 2 on a usage error.
 */
@Command(name = "./infersla loadgen", sortOptions = false, sortSynopsis = false,
        description = "Realistic OTLP traffic for the catalog's categories, with injectable breaches.")
public final class LoadgenCommand implements Callable<Integer> {

    /** Where the launcher keeps its state, and so the local bearer token ({@code <dir>/token}). */
    public static final Path DEFAULT_DATA_DIR = Path.of(System.getProperty("user.home"), ".infersla", "local");
    /** The file of the data directory that holds the local bearer token. */
    public static final String TOKEN_FILE = "token";

    @Option(names = "--protocol", paramLabel = "P", defaultValue = "http",
            description = "http (OTLP/HTTP protobuf) or grpc (OTLP/gRPC) (default: ${DEFAULT-VALUE})")
    String protocol;

    @Option(names = "--url", paramLabel = "URL",
            description = "ingest's base URL (default: http://127.0.0.1:4318, with grpc http://127.0.0.1:4317)")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "bearer token (default: $INFERSLA_TOKEN, else the local stack's, from --data-dir)")
    String token;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "the local stack's data directory (default: ~/.infersla/local)")
    Path dataDir = DEFAULT_DATA_DIR;

    @Option(names = "--categories", paramLabel = "LIST", defaultValue = "all",
            description = "comma-separated category ids, or all (default: ${DEFAULT-VALUE})")
    String categories;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "50",
            description = "requests per second over all categories, > 0 (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--duration", paramLabel = "D", description = "how long to run, > 0, e.g. 90s or 10m (default: until Ctrl-C)")
    Duration duration;

    @Option(names = "--breach", paramLabel = "SPEC",
            description = "category:metric:xFACTOR@START+DURATION, e.g. chatbot:ttft_ms:x3@60s+120s (repeatable; default: none)")
    List<String> breaches = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N", description = "random seed, a whole number (default: time-based)")
    Long seed;

    @Option(names = "--progress", paramLabel = "D", defaultValue = "5s",
            description = "progress line interval; 0: none (default: ${DEFAULT-VALUE})")
    Duration progress;

    @Option(names = "--environment", paramLabel = "NAME", defaultValue = "local",
            description = "deployment.environment.name of the generated services (default: ${DEFAULT-VALUE})")
    String environment;

    @Mixin
    Cli.Help help;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final Catalog catalog;

    public LoadgenCommand(Map<String, String> env, Catalog catalog) {
        this.env = env;
        this.catalog = catalog;
    }

    @Override
    public Integer call() {
        LoadSettings settings = settings();
        LoadGenerator generator = new LoadGenerator(settings, catalog, System.out);
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            generator.stop();
            try {
                main.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "loadgen-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        LoadGenerator.Totals totals = generator.run();
        return totals.spansAccepted() > 0 || totals.requests() == 0 ? 0 : 1;
    }

    /** @throws ParameterException naming the option and the bad value */
    public static LoadSettings parse(String[] args, Map<String, String> env, Catalog catalog) {
        LoadgenCommand command = new LoadgenCommand(env, catalog);
        Cli.commandLine(command).parseArgs(args);
        return command.settings();
    }

    /** The parsed options as settings; the checks that span options, as usage errors. */
    LoadSettings settings() {
        try {
            Protocol protocol = Protocol.parse(this.protocol);
            List<String> all = catalog.categories().stream().map(Category::id).toList();
            List<String> ids = categories.equals("all") ? all : categories(categories, catalog);
            List<BreachInjection> plan = new ArrayList<>();
            for (String breach : breaches) {
                plan.add(BreachInjection.parse(breach));
            }
            for (BreachInjection breach : plan) {
                if (!ids.contains(breach.category())) {
                    throw new IllegalArgumentException("--breach " + breach + ": category " + breach.category()
                            + " is not among --categories " + String.join(",", ids));
                }
            }
            if (!(rate > 0) || !Double.isFinite(rate)) {
                throw new IllegalArgumentException("--rate must be a number > 0, was " + rate);
            }
            if (duration != null && duration.isZero()) {
                throw new IllegalArgumentException("--duration must be > 0, was " + this.duration.toMillis() + "ms");
            }
            String bearer = token != null ? token : env.get("INFERSLA_TOKEN");
            if (bearer == null || bearer.isBlank()) {
                bearer = readToken(dataDir).orElseThrow(() -> new IllegalArgumentException(
                        "no bearer token: give --token, set INFERSLA_TOKEN, or start ./infersla local first"));
            }
            return new LoadSettings(url == null ? protocol.defaultUrl() : url, bearer, ids, rate, Optional.ofNullable(duration),
                    new BreachPlan(plan), seed != null ? seed : System.nanoTime(), progress, environment, protocol);
        } catch (IllegalArgumentException e) {
            throw Cli.usage(spec, e.getMessage());
        }
    }

    /** The local stack's token, if that data directory has one. */
    public static Optional<String> readToken(Path dataDir) {
        Path file = dataDir.resolve(TOKEN_FILE);
        try {
            return Files.isRegularFile(file)
                    ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim()).filter(t -> !t.isEmpty())
                    : Optional.empty();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the token in " + file + ": " + e.getMessage());
        }
    }

    private static List<String> categories(String list, Catalog catalog) {
        List<String> ids = Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String id : ids) {
            if (catalog.category(id).isEmpty()) {
                throw new IllegalArgumentException("--categories: unknown category '" + id + "'; known: "
                        + String.join(",", catalog.categories().stream().map(Category::id).toList()));
            }
        }
        return ids;
    }
}
