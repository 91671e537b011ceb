package io.infersla.testsupport;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Which PostgreSQL server the tests of this JVM use. {@link #choose} is the whole decision, as a
 * pure function; {@link PostgresDatabase} feeds it the settings and the local probe.
 *
 * <ol>
 *   <li>{@link Configured}: the server named by {@value #URL_ENV} (or the system property
 *       {@value #URL_PROPERTY}), a JDBC URL. Nothing else is tried: a configured server that
 *       does not answer is a failure, not a reason to test against something else.</li>
 *   <li>{@link LocalServer}: PostgreSQL on {@value #LOCAL_URL}, user {@code postgres}, trust
 *       auth, if it accepts a connection.</li>
 *   <li>{@link Embedded}: PostgreSQL binaries from Maven Central (io.zonky.test), started once
 *       per JVM. Also chosen on request ({@value #EMBEDDED_ENV}=true or
 *       {@code -D}{@value #EMBEDDED_PROPERTY}{@code =true}), to exercise this path on a machine
 *       that has a local server.</li>
 * </ol>
 */
public sealed interface PostgresSource {

    String URL_ENV = "INFERSLA_TEST_PG_URL";
    String URL_PROPERTY = "infersla.test.pg.url";
    String EMBEDDED_ENV = "INFERSLA_TEST_PG_EMBEDDED";
    String EMBEDDED_PROPERTY = "infersla.test.pg.embedded";
    String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    String LOCAL_USER = "postgres";

    /** One line for the test log, without secrets. */
    String description();

    /** A server the user named with a JDBC URL. */
    record Configured(String jdbcUrl) implements PostgresSource {
        public Configured {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
                throw new IllegalArgumentException(URL_ENV + ": must start with jdbc:postgresql://, was "
                        + JdbcUrl.redact(jdbcUrl));
            }
        }

        @Override
        public String description() {
            return "configured server " + JdbcUrl.redact(jdbcUrl) + " (from " + URL_ENV + ")";
        }
    }

    /** The machine's own server on {@value #LOCAL_URL}. */
    record LocalServer() implements PostgresSource {
        @Override
        public String description() {
            return "local server " + LOCAL_URL + " (it answered)";
        }
    }

    /** Embedded binaries, with the reason they were chosen. */
    record Embedded(String reason) implements PostgresSource {
        public Embedded {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String description() {
            return "embedded PostgreSQL binaries (" + reason + ")";
        }
    }

    /**
     * Decides where the tests' databases live.
     *
     * @param configuredUrl      the configured JDBC URL, if any (blank counts as absent)
     * @param embeddedRequested  whether embedded binaries were explicitly requested
     * @param localServerAnswers probes the local server; called only when its answer matters
     * @throws IllegalArgumentException if a URL is configured and embedded is requested too,
     *                                  or the URL is not a PostgreSQL JDBC URL
     */
    static PostgresSource choose(Optional<String> configuredUrl, boolean embeddedRequested,
            BooleanSupplier localServerAnswers) {
        Optional<String> url = configuredUrl.map(String::strip).filter(u -> !u.isEmpty());
        if (url.isPresent() && embeddedRequested) {
            throw new IllegalArgumentException(URL_ENV + " and " + EMBEDDED_ENV
                    + " contradict each other: set one of them, was url=" + JdbcUrl.redact(url.get())
                    + " and embedded=true");
        }
        if (url.isPresent()) {
            return new Configured(url.get());
        }
        if (embeddedRequested) {
            return new Embedded("requested by " + EMBEDDED_ENV);
        }
        if (localServerAnswers.getAsBoolean()) {
            return new LocalServer();
        }
        return new Embedded("nothing configured and no server answered on " + LOCAL_URL);
    }
}
