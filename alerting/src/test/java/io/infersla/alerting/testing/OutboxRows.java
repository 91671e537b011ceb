package io.infersla.alerting.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads and seeds the alerting tables in tests. */
public final class OutboxRows {

    /** One {@code sla.alert_outbox} row. */
    public record Row(long id, String episodeId, String channel, String action, String target, String payload,
            String state, int attempts, Instant nextAttemptAt, String lastError, String secretRef) {
    }

    private OutboxRows() {
    }

    public static List<Row> all(DataSource ds) {
        return query(ds, "SELECT * FROM sla.alert_outbox ORDER BY id");
    }

    public static List<Row> query(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<Row> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new Row(rs.getLong("id"), rs.getString("episode_id"), rs.getString("channel"),
                        rs.getString("action"), rs.getString("target"), rs.getString("payload"), rs.getString("state"),
                        rs.getInt("attempts"), rs.getTimestamp("next_attempt_at").toInstant(), rs.getString("last_error"),
                        rs.getString("secret_ref")));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<String> strings(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void execute(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Creates (or replaces) the contract with these secrets (a JSON object text), each encrypted
     * with {@link Dispatchers#SECRETS} as the engine's API stores them.
     */
    @SuppressWarnings("unchecked")
    public static void contract(DataSource ds, String tenant, String contract, String secretsJson) {
        java.util.Map<String, Object> encrypted = new java.util.LinkedHashMap<>();
        ((java.util.Map<String, Object>) io.infersla.core.json.Json.parse("secrets", secretsJson)).forEach((name, value) ->
                encrypted.put(name, Dispatchers.SECRETS.encrypt(tenant, contract, name, (String) value)));
        storedSecrets(ds, tenant, contract, io.infersla.core.json.Json.writeCompact(encrypted));
    }

    /** Creates (or replaces) the contract with this {@code secrets} column exactly as given (stored text). */
    public static void storedSecrets(DataSource ds, String tenant, String contract, String secretsJson) {
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement("""
                INSERT INTO sla.contracts (tenant, contract, secrets) VALUES (?, ?, ?::jsonb)
                ON CONFLICT (tenant, contract) DO UPDATE SET secrets = EXCLUDED.secrets""")) {
            p.setString(1, tenant);
            p.setString(2, contract);
            p.setString(3, secretsJson);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Empties the alerting tables between tests of one class. */
    public static void clear(DataSource ds) {
        execute(ds, "TRUNCATE sla.alert_outbox, sla.breaches, sla.alert_rate_limit CASCADE");
    }
}
