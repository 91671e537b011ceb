package io.infersla.loadgen;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.catalog.Category;
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

/**
 * {@code ./infersla loadgen}: parses the command line into {@link LoadSettings} and runs the
 * generator until its duration ends or the JVM is interrupted (Ctrl-C prints the totals).
 */
public final class LoadgenCommand {

    /** Where the launcher keeps its state, and so the local bearer token ({@code <dir>/token}). */
    public static final Path DEFAULT_DATA_DIR = Path.of(System.getProperty("user.home"), ".infersla", "local");
    /** The file of the data directory that holds the local bearer token. */
    public static final String TOKEN_FILE = "token";

    static final String USAGE = """
            usage: ./infersla loadgen [options]
              --protocol P           http (OTLP/HTTP protobuf) or grpc (OTLP/gRPC) (default http)
              --url URL              ingest's base URL (default http://127.0.0.1:4318, with grpc http://127.0.0.1:4317)
              --token TOKEN          bearer token (default: $INFERSLA_TOKEN, else the local stack's, from --data-dir)
              --data-dir DIR         the local stack's data directory (default ~/.infersla/local)
              --categories LIST      comma-separated category ids, or all (default all)
              --rate N               requests per second over all categories (default 50)
              --duration D           e.g. 90s, 10m (default: until Ctrl-C)
              --breach SPEC          category:metric:xFACTOR@STARTs+DURATIONs, e.g. chatbot:ttft_ms:x3@60s+120s (repeatable)
              --seed N               random seed (default: time-based)
              --progress D           progress line interval (default 5s; 0s: none)
              --environment NAME     deployment.environment.name of the generated services (default local)
            """;

    private static final java.util.Set<String> OPTIONS = java.util.Set.of("--protocol", "--url", "--token", "--data-dir", "--categories",
            "--rate", "--duration", "--breach", "--seed", "--progress", "--environment");

    private LoadgenCommand() {
    }

    public static void main(String[] args) {
        LoadSettings settings;
        try {
            if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
                System.out.print(USAGE);
                return;
            }
            settings = parse(args, System.getenv(), Catalog.builtIn());
        } catch (IllegalArgumentException e) {
            System.err.println("loadgen: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(64);
            return;
        }
        LoadGenerator generator = new LoadGenerator(settings, Catalog.builtIn(), System.out);
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
        System.exit(totals.spansAccepted() > 0 || totals.requests() == 0 ? 0 : 1);
    }

    /** @throws IllegalArgumentException naming the option and the bad value */
    public static LoadSettings parse(String[] args, Map<String, String> env, Catalog catalog) {
        String url = null;
        Protocol protocol = Protocol.HTTP;
        String token = env.get("INFERSLA_TOKEN");
        Path dataDir = DEFAULT_DATA_DIR;
        List<String> categories = catalog.categories().stream().map(Category::id).toList();
        double rate = 50;
        Optional<Duration> duration = Optional.empty();
        List<BreachInjection> breaches = new ArrayList<>();
        long seed = System.nanoTime();
        Duration progress = Duration.ofSeconds(5);
        String environment = "local";
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (!OPTIONS.contains(option)) {
                throw new IllegalArgumentException("unknown option " + option);
            }
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            i++;
            switch (option) {
                case "--protocol" -> protocol = Protocol.parse(value);
                case "--url" -> url = value;
                case "--token" -> token = value;
                case "--data-dir" -> dataDir = Path.of(value);
                case "--categories" -> categories = value.equals("all") ? categories : categories(value, catalog);
                case "--rate" -> rate = number(option, value);
                case "--duration" -> duration = Optional.of(duration(option, value));
                case "--breach" -> breaches.add(BreachInjection.parse(value));
                case "--seed" -> seed = (long) number(option, value);
                case "--progress" -> progress = duration(option, value);
                case "--environment" -> environment = value;
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        for (BreachInjection breach : breaches) {
            if (!categories.contains(breach.category())) {
                throw new IllegalArgumentException("--breach " + breach + ": category " + breach.category()
                        + " is not among --categories " + String.join(",", categories));
            }
        }
        if (token == null || token.isBlank()) {
            token = readToken(dataDir).orElseThrow(() -> new IllegalArgumentException(
                    "no bearer token: give --token, set INFERSLA_TOKEN, or start ./infersla local first"));
        }
        return new LoadSettings(url == null ? protocol.defaultUrl() : url, token, categories, rate, duration,
                new BreachPlan(breaches), seed, progress, environment, protocol);
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

    private static double number(String option, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number, was '" + value + "'");
        }
    }

    private static Duration duration(String option, String value) {
        try {
            return BreachInjection.parseDuration(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + " must be a duration like 90s, 10m or 250ms, was '" + value + "'");
        }
    }
}
