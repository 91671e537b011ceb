package io.infersla.dashboards;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infersla.migrations.Migrations;
import io.infersla.testsupport.PgliteServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link DashboardSqlIT} on TimescaleDB: the same queries, seed and checks, with the migrations'
 * TimescaleDB branch (hypertables, continuous aggregates) and Grafana's TimescaleDB macros
 * ({@code $__timeGroup} as {@code time_bucket}), as the compose stack's datasource has them.
 * TimescaleDB is PGlite with the timescaledb extension, the migrations module's harness
 * ({@code migrations/src/test/pglite}, installed by {@code ./infersla test}); without it this test
 * fails, it never skips.
 */
class DashboardSqlTimescaleIT {

    private static final Path PGLITE = Path.of(System.getProperty("basedir", ".")).resolve("../migrations/src/test/pglite").normalize();

    private static PgliteServer timescale;
    private static Connection connection;

    @BeforeAll
    static void startMigrateAndSeed() throws Exception {
        // PGlite's WASM build sometimes traps ("RuntimeError: unreachable") while the migrations or
        // the seed run, and the server dies (about one start in three under load): a dead server
        // gets a fresh start, up to 3. A failure with the server alive fails the test at once.
        for (int attempt = 1; ; attempt++) {
            timescale = PgliteServer.start(PGLITE);
            connection = timescale.connection();
            try {
                Migrations.apply(timescale.dataSource());
                try (Statement st = connection.createStatement();
                        ResultSet rs = st.executeQuery("SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_schema = 'sla'")) {
                    assertTrue(rs.next() && rs.getInt(1) == 2, "the migrations did not take their TimescaleDB branch");
                }
                DashboardSqlIT.seed(connection);
                break;
            } catch (RuntimeException | SQLException e) {
                if (attempt >= 3 || !timescale.ended(Duration.ofSeconds(5))) {
                    throw e;
                }
                System.err.println("PGlite exited (" + timescale.exitValue() + ") during set-up, attempt " + attempt
                        + "; starting a fresh one");
                timescale.close();
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (timescale != null) {
            timescale.close();
        }
    }

    @TestFactory
    Stream<DynamicNode> everyQueryOfEveryDashboardRunsOnTimescaleDb() {
        return DashboardSqlIT.everyQuery(connection, true);
    }
}
