package io.infersla.launcher;

import io.infersla.core.config.PostgresUrl;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The command line of {@code ./infersla local}. Ports: a number, or 0 for "any free port" (tests);
 * defaults are the documented ones (OTLP 4318 / 4317, API 8080, Kafka 9092); PostgreSQL and the
 * Kafka controller take a free port on first start and keep it in the data directory.
 *
 * <p>{@code --pg-url} takes a JDBC URL, a libpq URI or libpq key=value pairs ({@link PostgresUrl});
 * the user is {@code --pg-user}, else the URL's, else {@code postgres}; the password
 * {@code --pg-password}, else the URL's, else none.
 */
record LaunchOptions(
        boolean demo,
        Optional<PostgresUrl> pgUrl,
        Optional<String> kafka,
        Optional<URI> pagerDutyUrl,
        Optional<URI> alertmanagerUrl,
        Path dataDir,
        Path home,
        int otlpHttpPort,
        int otlpGrpcPort,
        int apiPort,
        int kafkaPort,
        double demoRate) {

    static final String USAGE = """
            usage: ./infersla local [options]
              --demo                    also run the load generator with an injected breach, watch breaches, receive PagerDuty events
              --data-dir DIR            where Kafka, PostgreSQL, logs and the local token live (default ~/.infersla/local)
              --pg-url URL              use this PostgreSQL instead of embedded binaries: jdbc:postgresql://host:port/db,
                                        postgresql://user:password@host:port/db?sslmode=require or
                                        'host=H port=P dbname=D user=U password=W sslmode=require'
              --pg-user USER            its user (default: the URL's, else postgres), --pg-password PASSWORD its
                                        password (default: the URL's); both win over the URL's
              --kafka HOST:PORT         use this Kafka cluster instead of starting a broker
              --pagerduty-url URL       page there (PagerDuty Events v2 base URL) instead of the built-in local receiver
              --alertmanager-url URL    also send alerts to this Alertmanager (base URL)
              --otlp-http-port N        ingest OTLP/HTTP port (default 4318; 0: any free port)
              --otlp-grpc-port N        ingest OTLP/gRPC port (default 4317; 0: any free port)
              --api-port N              sla-engine API port (default 8080; 0: any free port)
              --kafka-port N            the broker's port (default 9092; 0: any free port)
              --demo-rate N             requests/s of the demo load (default 40)
              --home DIR                the InferSLA checkout (default: the current directory)
            """;

    private static final java.util.Set<String> VALUED = java.util.Set.of("--pg-url", "--pg-user", "--pg-password",
            "--kafka", "--pagerduty-url", "--alertmanager-url", "--data-dir", "--home", "--otlp-http-port",
            "--otlp-grpc-port", "--api-port", "--kafka-port", "--demo-rate");

    LaunchOptions {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(home, "home");
        for (int port : new int[] {otlpHttpPort, otlpGrpcPort, apiPort, kafkaPort}) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("ports must be in 0..65535, was " + port);
            }
        }
        kafka.ifPresent(k -> {
            if (!k.matches("[^\\s,:]+:[0-9]{1,5}(,[^\\s,:]+:[0-9]{1,5})*")) {
                throw new IllegalArgumentException("--kafka must be HOST:PORT[,HOST:PORT...], was '" + k + "'");
            }
        });
    }

    /** @throws IllegalArgumentException naming the option and the bad value */
    static LaunchOptions parse(String[] args, Path defaultDataDir, Path defaultHome) {
        boolean demo = false;
        String pgUrl = null;
        String pgUser = null;
        String pgPassword = null;
        String kafka = null;
        URI pagerDuty = null;
        URI alertmanager = null;
        Path dataDir = defaultDataDir;
        Path home = defaultHome;
        int otlpHttp = 4318;
        int otlpGrpc = 4317;
        int api = 8080;
        int kafkaPort = 9092;
        double demoRate = 40;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--demo")) {
                demo = true;
                continue;
            }
            if (!VALUED.contains(option)) {
                throw new IllegalArgumentException(option.startsWith("--") ? "unknown option " + option
                        : "unexpected argument '" + option + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--pg-url" -> pgUrl = value;
                case "--pg-user" -> pgUser = value;
                case "--pg-password" -> pgPassword = value;
                case "--kafka" -> kafka = value;
                case "--pagerduty-url" -> pagerDuty = httpUrl(option, value);
                case "--alertmanager-url" -> alertmanager = httpUrl(option, value);
                case "--data-dir" -> dataDir = Path.of(value);
                case "--home" -> home = Path.of(value);
                case "--otlp-http-port" -> otlpHttp = port(option, value);
                case "--otlp-grpc-port" -> otlpGrpc = port(option, value);
                case "--api-port" -> api = port(option, value);
                case "--kafka-port" -> kafkaPort = port(option, value);
                case "--demo-rate" -> demoRate = positive(option, value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (pgUrl == null && (pgUser != null || pgPassword != null)) {
            throw new IllegalArgumentException((pgUser != null ? "--pg-user" : "--pg-password")
                    + " needs --pg-url (the embedded PostgreSQL has its own user)");
        }
        Optional<PostgresUrl> postgres = pgUrl == null ? Optional.empty() : Optional.of(PostgresUrl.parse("--pg-url", pgUrl,
                "postgres").withCredentials(Optional.ofNullable(pgUser), Optional.ofNullable(pgPassword)));
        return new LaunchOptions(demo, postgres, Optional.ofNullable(kafka), Optional.ofNullable(pagerDuty),
                Optional.ofNullable(alertmanager), dataDir.toAbsolutePath().normalize(),
                home.toAbsolutePath().normalize(), otlpHttp, otlpGrpc, api, kafkaPort, demoRate);
    }

    private static URI httpUrl(String option, String value) {
        if (!value.startsWith("http://") && !value.startsWith("https://")) {
            throw new IllegalArgumentException(option + " must start with http:// or https://, was " + value);
        }
        return URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
    }

    private static int port(String option, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a port in 0..65535, was '" + value + "'");
        }
    }

    static double positive(String option, String value) {
        try {
            double v = Double.parseDouble(value);
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number > 0, was '" + value + "'");
        }
    }
}
