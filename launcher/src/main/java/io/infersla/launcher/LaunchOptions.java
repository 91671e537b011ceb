package io.infersla.launcher;

import io.infersla.core.config.PostgresUrl;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The options of {@code ./infersla local} ({@link LocalCommand} parses them). Ports: a number, or 0 for "any free port" (tests);
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

    /**
     * Parses {@code ./infersla local}'s command line ({@link LocalCommand}) without running it.
     *
     * @throws picocli.CommandLine.ParameterException naming the option and the bad value
     */
    static LaunchOptions parse(String[] args, Path defaultDataDir, Path defaultHome) {
        return LocalCommand.parse(args, defaultDataDir, defaultHome);
    }
}
