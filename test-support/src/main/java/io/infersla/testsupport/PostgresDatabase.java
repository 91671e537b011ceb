package io.infersla.testsupport;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.Driver;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh, empty database on a real PostgreSQL server, dropped on {@link #close()}. The server
 * is chosen once per JVM by {@link PostgresSource#choose} (configured URL, else the local server,
 * else embedded binaries) and logged.
 *
 * <p>One database per test class, closed by JUnit after the class:
 *
 * <pre>{@code
 * class EvaluationWriterIT {
 *     @AutoClose
 *     static final PostgresDatabase db = PostgresDatabase.create();
 *
 *     @BeforeAll
 *     static void migrate() {
 *         Migrations.apply(db.dataSource());
 *     }
 * }
 * }</pre>
 */
public final class PostgresDatabase implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PostgresDatabase.class.getName());
    private static final String NAME_PREFIX = "infersla_test_";

    private static PostgresSource chosen;
    private static EmbeddedPostgres embedded;

    private final Server host;
    private final String name;
    private final JdbcUrl url;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Where databases are created: an admin URL on the chosen server and its credentials. */
    private record Server(PostgresSource source, JdbcUrl adminUrl, String user, String password) {
        Connection openAdminConnection() throws SQLException {
            return DriverManager.getConnection(adminUrl.toString(), user, password);
        }
    }

    private PostgresDatabase(Server host, String name) {
        this.host = host;
        this.name = name;
        this.url = host.adminUrl().withDatabase(name);
    }

    /**
     * Creates a new empty database (named {@code infersla_test_<random>}) on the server chosen
     * for this JVM.
     */
    public static PostgresDatabase create() {
        return create(chosenSource());
    }

    /**
     * Creates a new empty database on the given source, bypassing the JVM-wide choice: for the
     * test that proves the embedded fallback works on a machine that has a local server.
     */
    public static PostgresDatabase create(PostgresSource source) {
        Server host = connect(source);
        String name = NAME_PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = host.openAdminConnection(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name + " on "
                    + source.description() + ": " + e.getMessage(), e);
        }
        LOG.log(System.Logger.Level.INFO, "Created database {0} on {1}", name, source.description());
        return new PostgresDatabase(host, name);
    }

    /** Where {@link #create()} puts databases: decided and logged once per JVM. */
    public static synchronized PostgresSource chosenSource() {
        if (chosen == null) {
            chosen = PostgresSource.choose(
                    setting(PostgresSource.URL_PROPERTY, PostgresSource.URL_ENV),
                    setting(PostgresSource.EMBEDDED_PROPERTY, PostgresSource.EMBEDDED_ENV)
                            .map(PostgresDatabase::parseFlag)
                            .orElse(false),
                    PostgresDatabase::localServerAnswers);
            LOG.log(System.Logger.Level.INFO, "PostgreSQL for tests: {0}", chosen.description());
        }
        return chosen;
    }

    /** Which server this database lives on. */
    public PostgresSource serverSource() {
        return host.source();
    }

    public String name() {
        return name;
    }

    /** JDBC URL of this database (may carry parameters of a configured URL, e.g. a password). */
    public String jdbcUrl() {
        return url.toString();
    }

    public String user() {
        return host.user();
    }

    /** Empty with trust authentication. */
    public String password() {
        return host.password();
    }

    /** A new connection to this database; the caller closes it. */
    public Connection connection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user(), password());
    }

    /** An unpooled data source for this database (what Flyway and the JDBC writers take). */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl());
        dataSource.setUser(user());
        dataSource.setPassword(password());
        return dataSource;
    }

    /** Drops the database, ending any connection still open to it. Safe to call more than once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try (Connection admin = host.openAdminConnection(); Statement statement = admin.createStatement()) {
            // WITH (FORCE) (PostgreSQL 13+): a leaked connection must not keep test data alive.
            statement.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop database " + name + ": " + e.getMessage(), e);
        }
    }

    private static boolean parseFlag(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false", "" -> false;
            default -> throw new IllegalArgumentException(PostgresSource.EMBEDDED_ENV
                    + ": must be true or false, was " + value);
        };
    }

    /** A system property wins over the environment variable of the same meaning. */
    private static Optional<String> setting(String property, String environmentVariable) {
        return Optional.ofNullable(System.getProperty(property)).or(() -> Optional.ofNullable(System.getenv(environmentVariable)));
    }

    private static Server connect(PostgresSource source) {
        if (source instanceof PostgresSource.Configured configured) {
            Properties parsed = Driver.parseURL(configured.jdbcUrl(), null);
            if (parsed == null) {
                throw new IllegalArgumentException(PostgresSource.URL_ENV + ": not a valid PostgreSQL JDBC URL: "
                        + JdbcUrl.redact(configured.jdbcUrl()));
            }
            return new Server(source, JdbcUrl.parse(configured.jdbcUrl()),
                    parsed.getProperty("user", PostgresSource.LOCAL_USER), parsed.getProperty("password", ""));
        }
        if (source instanceof PostgresSource.LocalServer) {
            return new Server(source, JdbcUrl.parse(PostgresSource.LOCAL_URL), PostgresSource.LOCAL_USER, "");
        }
        return new Server(source, JdbcUrl.parse("jdbc:postgresql://localhost:" + embedded().getPort() + "/postgres"),
                "postgres", "");
    }

    /** Started once per JVM; the library stops it and deletes its data directory at JVM exit. */
    private static synchronized EmbeddedPostgres embedded() {
        if (embedded != null) {
            return embedded;
        }
        long started = System.nanoTime();
        try {
            embedded = EmbeddedPostgres.builder().start();
            LOG.log(System.Logger.Level.INFO, "Embedded PostgreSQL started on port {0} in {1} ms",
                    String.valueOf(embedded.getPort()), String.valueOf(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
            return embedded;
        } catch (IOException e) {
            throw new IllegalStateException("Embedded PostgreSQL failed to start: " + e.getMessage(), e);
        }
    }

    /** True if the local server accepts user postgres on database test within two seconds. */
    private static boolean localServerAnswers() {
        Properties properties = new Properties();
        properties.setProperty("user", PostgresSource.LOCAL_USER);
        properties.setProperty("password", "");
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("loginTimeout", "2");
        try (Connection connection = DriverManager.getConnection(PostgresSource.LOCAL_URL, properties)) {
            return connection.isValid(2);
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.INFO, "No usable PostgreSQL at {0}: {1}", PostgresSource.LOCAL_URL, e.getMessage());
            return false;
        }
    }
}
