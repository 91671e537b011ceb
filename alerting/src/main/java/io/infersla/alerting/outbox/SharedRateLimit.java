package io.infersla.alerting.outbox;

import io.infersla.alerting.deliver.RateLimit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * {@link RateLimit} buckets kept in {@code sla.alert_rate_limit}, one row per key, so every
 * dispatcher of every engine instance draws from the same bucket: two instances together stay
 * within PagerDuty's limit for a routing key.
 *
 * <p>Each {@link #take} is a transaction of its own on its own connection: the key's row is
 * locked only while its tokens are counted, then committed before anything is sent. Holding it
 * in the claim transaction instead would make every dispatcher that needs the key (and the
 * other keys of its batch) wait for a whole round of HTTP calls. Tokens taken by a dispatcher
 * that then dies are simply spent, which errs on the side of the limit.
 */
final class SharedRateLimit {

    private static final String CREATE = """
            INSERT INTO sla.alert_rate_limit (rate_key, tokens, refilled_at) VALUES (?, ?, ?)
            ON CONFLICT (rate_key) DO NOTHING
            """;
    private static final String LOCK = "SELECT tokens, refilled_at FROM sla.alert_rate_limit WHERE rate_key = ? FOR UPDATE";
    private static final String STORE = "UPDATE sla.alert_rate_limit SET tokens = ?, refilled_at = ? WHERE rate_key = ?";

    private final DataSource dataSource;
    private final RateLimit limit;

    SharedRateLimit(DataSource dataSource, RateLimit limit) {
        this.dataSource = dataSource;
        this.limit = limit;
    }

    RateLimit limit() {
        return limit;
    }

    /** Takes up to {@code wanted} tokens of {@code key}'s bucket at {@code now}, committed. */
    RateLimit.Take take(String key, int wanted, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                RateLimit.Take take = take(connection, key, wanted, now);
                connection.commit();
                return take;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private RateLimit.Take take(Connection connection, String key, int wanted, Instant now) throws SQLException {
        try (PreparedStatement create = connection.prepareStatement(CREATE)) {
            RateLimit.Bucket full = limit.full(now);
            create.setString(1, key);
            create.setDouble(2, full.tokens());
            create.setTimestamp(3, Timestamp.from(full.at()));
            create.executeUpdate();
        }
        RateLimit.Bucket stored;
        try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
            lock.setString(1, key);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                // Another configuration's burst may have left more than ours allows.
                stored = new RateLimit.Bucket(Math.min(limit.burst(), rs.getDouble("tokens")),
                        rs.getTimestamp("refilled_at").toInstant());
            }
        }
        RateLimit.Take take = limit.take(stored, wanted, now);
        try (PreparedStatement store = connection.prepareStatement(STORE)) {
            store.setDouble(1, take.bucket().tokens());
            store.setTimestamp(2, Timestamp.from(take.bucket().at()));
            store.setString(3, key);
            store.executeUpdate();
        }
        return take;
    }
}
