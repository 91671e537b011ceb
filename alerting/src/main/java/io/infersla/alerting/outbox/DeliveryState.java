package io.infersla.alerting.outbox;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * {@code sla.breaches.delivery_state}, the summary of an episode's outbox rows: {@code none}
 * (nothing routed), {@code pending} (something still to send), {@code failed} (something dead:
 * takes precedence, it needs a human), {@code delivered} (everything sent).
 */
final class DeliveryState {

    /*
     * Dispatcher workers claim different rows of the same episodes (one per channel and target),
     * so two rounds may both refresh episodes e1 and e2: locking them first, in one order, keeps
     * the two from deadlocking (an UPDATE ... = ANY locks in whatever order its plan visits rows).
     */
    private static final String LOCK = """
            SELECT 1 FROM sla.breaches WHERE episode_id = ANY (?) ORDER BY episode_id FOR UPDATE
            """;

    private static final String REFRESH = """
            UPDATE sla.breaches b SET delivery_state = COALESCE(
                (SELECT CASE WHEN bool_or(o.state = 'failed') THEN 'failed'
                             WHEN bool_or(o.state = 'pending') THEN 'pending'
                             ELSE 'delivered' END
                 FROM sla.alert_outbox o WHERE o.episode_id = b.episode_id HAVING count(*) > 0), 'none')
            WHERE b.episode_id = ANY (?)
            """;

    private DeliveryState() {
    }

    static void refresh(Connection connection, Collection<String> episodeIds) throws SQLException {
        if (episodeIds.isEmpty()) {
            return;
        }
        Array ids = connection.createArrayOf("text", episodeIds.toArray());
        try (PreparedStatement lock = connection.prepareStatement(LOCK);
                PreparedStatement update = connection.prepareStatement(REFRESH)) {
            lock.setArray(1, ids);
            lock.executeQuery().close();
            update.setArray(1, ids);
            update.executeUpdate();
        }
    }
}
