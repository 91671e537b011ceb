package io.infersla.engine.app;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.exceptionsorter.PostgreSQLExceptionSorter;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.infersla.core.config.PostgresUrl;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The engine's one connection pool (Agroal), shared by the storage writer, the contract-terms
 * publisher, the report scheduler, alert delivery and the REST API; configured from
 * {@code infersla.storage.jdbc-url} (read by {@link EngineLifecycle#database}), {@code user},
 * {@code password} and {@code pool-size}.
 *
 * <p>The session advisory locks (one instance at a time publishes contract terms, makes reports)
 * are not taken from the pool: each holds a connection of its own for as long as it holds the
 * lock ({@link #lockConnections()}), so the lock ends with its session, never stays behind on a
 * pooled connection, and never takes a connection the pool's users wait for. An instance opens
 * at most {@code pool-size} + 2 connections.
 *
 * <p>The pool opens connections when they are first needed (none at start-up) and is closed at
 * shutdown, after the parts that use it.
 */
@ApplicationScoped
public class EngineDatabase {

    /** Default of {@code infersla.storage.pool-size}; see {@link EngineConfig.Storage#poolSize()}. */
    public static final int DEFAULT_POOL_SIZE = 20;
    /** How long a caller waits for a free connection before its call fails. */
    static final Duration ACQUISITION_TIMEOUT = Duration.ofSeconds(10);
    /** A connection idle longer than this is checked before it is handed out. */
    static final Duration IDLE_VALIDATION = Duration.ofSeconds(30);
    /** Idle connections beyond this are closed (the pool shrinks back to none). */
    static final Duration REAP_AFTER = Duration.ofMinutes(5);
    /** Connections are replaced after this long (server-side memory, rebalancing after fail-over). */
    static final Duration MAX_LIFETIME = Duration.ofMinutes(30);

    private final EngineConfig config;
    private AgroalDataSource pool;
    private boolean closed;

    EngineDatabase(EngineConfig config) {
        this.config = config;
    }

    /** The pool, opened on first use; the pool size is validated first. */
    public synchronized DataSource pool() {
        if (closed) {
            throw new IllegalStateException("the engine's connection pool is closed (shutting down)");
        }
        if (pool == null) {
            int size = poolSize(config);
            PostgresUrl db = EngineLifecycle.database(config.storage());
            pool = open(db.jdbcUrl(), db.user(), db.password(), size);
        }
        return pool;
    }

    /** Unpooled: every connection is a new session, closed (and its advisory locks released) on close. */
    public DataSource lockConnections() {
        PostgresUrl db = EngineLifecycle.database(config.storage());
        return unpooled(db.jdbcUrl(), db.user(), db.password());
    }

    @PreDestroy
    public synchronized void close() {
        closed = true;
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    /** {@code infersla.storage.pool-size}, validated against what this instance runs. */
    static int poolSize(EngineConfig config) {
        EngineConfig.Storage storage = config.storage();
        return checkPoolSize(storage.poolSize(), storage.enabled(), config.reports().enabled(), config.alerts().enabled(),
                config.alerts().workers());
    }

    /**
     * The pool must give every background part that runs here the connections it holds at once
     * (one each, two per alert worker) and leave at least one for the REST API; otherwise the API (or a part) waits behind the others.
     */
    static int checkPoolSize(int size, boolean storage, boolean reports, boolean alerts, int alertWorkers) {
        List<String> users = new ArrayList<>();
        int background = 0;
        if (storage) {
            users.add("the storage writer");
            users.add("the contract-terms publisher");
            background += 2;
            if (reports) {
                users.add("the report scheduler");
                background++;
            }
            if (alerts) {
                // A worker holds its claim transaction's connection while it takes PagerDuty tokens
                // on a second one (alerting's SharedRateLimit commits them before sending).
                users.add(Math.max(alertWorkers, 0) + " alert worker(s) (2 connections each)");
                users.add("the Alertmanager refresher");
                background += 2 * Math.max(alertWorkers, 0) + 1;
            }
        }
        users.add("1 for the REST API");
        int minimum = background + 1;
        if (size < minimum) {
            throw new IllegalArgumentException("infersla.storage.pool-size must be at least " + minimum + " ("
                    + String.join(", ", users) + "), was " + size);
        }
        return size;
    }

    static AgroalDataSource open(String jdbcUrl, String user, String password, int size) {
        AgroalDataSourceConfigurationSupplier configuration = new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool
                        .initialSize(0)
                        .minSize(0)
                        .maxSize(size)
                        .acquisitionTimeout(ACQUISITION_TIMEOUT)
                        .idleValidationTimeout(IDLE_VALIDATION)
                        .connectionValidator(ConnectionValidator.defaultValidatorWithTimeout(5))
                        // A connection the server dropped (restart, fail-over, terminated backend) is
                        // discarded on its first connection error instead of going back to the pool:
                        // without this, a retrying writer got the same dead connection back for as
                        // long as it retried faster than IDLE_VALIDATION (found by ./infersla chaos).
                        .exceptionSorter(new PostgreSQLExceptionSorter())
                        .reapTimeout(REAP_AFTER)
                        .maxLifetime(MAX_LIFETIME)
                        .connectionFactoryConfiguration(factory -> factory
                                .connectionProviderClass(org.postgresql.Driver.class)
                                .jdbcUrl(EngineLifecycle.withBatchRewrite(jdbcUrl))
                                .principal(new NamePrincipal(user))
                                .credential(new SimplePassword(password))));
        try {
            return AgroalDataSource.from(configuration);
        } catch (SQLException e) {
            throw new IllegalStateException("infersla.storage.jdbc-url: the connection pool for " + jdbcUrl
                    + " could not be created: " + e.getMessage(), e);
        }
    }

    static DataSource unpooled(String jdbcUrl, String user, String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(EngineLifecycle.withBatchRewrite(jdbcUrl));
        ds.setUser(user);
        ds.setPassword(password);
        return ds;
    }
}
