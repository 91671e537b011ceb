package io.infersla.migrations;

import java.util.Objects;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings a database to the current {@code sla} schema. The launcher, the services and every
 * integration test call this one method, so all of them run exactly the SQL under
 * {@code src/main/resources/db/migration}.
 *
 * <p>Flyway keeps its history in {@code sla.flyway_schema_history}; applying twice is a no-op,
 * and a changed migration that was already applied fails validation instead of being ignored.
 */
public final class Migrations {

    /** Where the SQL lives on the classpath. */
    public static final String LOCATION = "classpath:db/migration";
    /** The one schema InferSLA owns. */
    public static final String SCHEMA = "sla";

    private Migrations() {
    }

    /**
     * Applies every pending migration.
     *
     * @return how many migrations this call executed (0 if the schema was already current)
     */
    public static int apply(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return migrate(Flyway.configure().dataSource(dataSource));
    }

    /** As {@link #apply(DataSource)}, for callers that hold a URL rather than a data source. */
    public static int apply(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        return migrate(Flyway.configure().dataSource(jdbcUrl, user, password));
    }

    private static int migrate(org.flywaydb.core.api.configuration.FluentConfiguration configuration) {
        MigrateResult result = configuration
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                // Flyway creates schema sla (and its history table there) before V1 runs.
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .cleanDisabled(true)
                .load()
                .migrate();
        return result.migrationsExecuted;
    }
}
