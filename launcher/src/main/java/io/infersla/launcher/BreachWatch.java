package io.infersla.launcher;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.catalog.ValueFormat;
import io.infersla.core.request.SeriesKey;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prints breach episodes as the engine stores them in {@code sla.breaches}: one line when an
 * episode opens, one when it resolves, one when its delivery state changes. Polls every
 * {@link #POLL}; episodes that existed before the watch started are not repeated. The peak is
 * written in the unit of the objective's statistic ({@link ValueFormat}), found in the built-in
 * catalog (the one the local stack runs) by the series' category and the objective id.
 */
final class BreachWatch implements AutoCloseable {

    static final Duration POLL = Duration.ofSeconds(2);

    private static final String QUERY = """
            SELECT episode_id, series_key, objective_id, severity, opened_at, resolved_at, peak_value, delivery_state
            FROM sla.breaches
            WHERE resolved_at IS NULL OR resolved_at > ? OR written_at > ?
            """;

    private static final Catalog CATALOG = Catalog.builtIn();

    private record Seen(boolean resolved, String deliveryState) {
    }

    private final Database database;
    private final PrintStream console;
    private final Map<String, Seen> seen = new HashMap<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger resolved = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "breach-watch");
        t.setDaemon(true);
        return t;
    });
    private final Instant since;
    private Connection connection;

    BreachWatch(Database database, PrintStream console, Instant since) {
        this.database = database;
        this.console = console;
        this.since = since;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::pollQuietly, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    int openedCount() {
        return opened.get();
    }

    int resolvedCount() {
        return resolved.get();
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (SQLException e) {
            console.println("infersla: breach watch: " + e.getMessage() + " (retrying)");
            closeConnection();
        }
    }

    synchronized void poll() throws SQLException {
        if (connection == null) {
            connection = database.connect();
        }
        try (PreparedStatement statement = connection.prepareStatement(QUERY)) {
            Timestamp from = Timestamp.from(since);
            statement.setTimestamp(1, from);
            statement.setTimestamp(2, from);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString("episode_id");
                    boolean isResolved = rs.getTimestamp("resolved_at") != null;
                    String delivery = rs.getString("delivery_state");
                    Seen before = seen.put(id, new Seen(isResolved, delivery));
                    String what = rs.getString("severity") + " " + rs.getString("objective_id") + " on "
                            + rs.getString("series_key");
                    Instant openedAt = rs.getTimestamp("opened_at").toInstant();
                    if (before == null && rs.getTimestamp("opened_at").toInstant().isAfter(since.minusSeconds(1))) {
                        opened.incrementAndGet();
                        console.printf(Locale.ROOT, "breach opened: %s (opened %s, peak %s)%n", what, openedAt,
                                peak(rs.getString("series_key"), rs.getString("objective_id"), rs.getDouble("peak_value")));
                    }
                    if (isResolved && (before == null || !before.resolved())) {
                        resolved.incrementAndGet();
                        Instant resolvedAt = rs.getTimestamp("resolved_at").toInstant();
                        console.printf(Locale.ROOT, "breach resolved: %s after %d s (peak %s)%n", what,
                                Duration.between(openedAt, resolvedAt).toSeconds(),
                                peak(rs.getString("series_key"), rs.getString("objective_id"), rs.getDouble("peak_value")));
                    }
                    if (before != null && !delivery.equals(before.deliveryState())) {
                        console.printf(Locale.ROOT, "breach alert delivery: %s: %s%n", what, delivery);
                    }
                }
            }
        }
    }

    /**
     * A peak value as the alerts write it: {@code 413 ms}, {@code 4.48} (a tail ratio), {@code 220 items/s};
     * a bare number when the objective is not in the built-in catalog.
     */
    static String peak(String seriesKey, String objectiveId, double peak) {
        ValueFormat format;
        try {
            format = CATALOG.category(SeriesKey.parse(seriesKey).category())
                    .flatMap(category -> category.objective(objectiveId))
                    .map(ValueFormat::of)
                    .orElse(ValueFormat.BARE);
        } catch (IllegalArgumentException e) {
            format = ValueFormat.BARE;
        }
        return format.format(peak);
    }

    private void closeConnection() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            // the connection is dropped either way
        }
        connection = null;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            closeConnection();
        }
    }
}
