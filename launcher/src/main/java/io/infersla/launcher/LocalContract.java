package io.infersla.launcher;

import io.infersla.core.json.Json;
import io.infersla.core.secret.SecretCipher;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Local mode has one tenant ({@value #TENANT}) and its default contract ({@value #CONTRACT}).
 * The launcher writes that contract's alert routing (the {@code alerts} section of
 * {@code sla.contracts.definition}, as docs/alerting.md describes it) at every start: PagerDuty
 * at the given URL or the local receiver, with a development routing key kept in the contract's
 * secrets, plus the Alertmanager when one is given. Other parts of the definition are kept.
 *
 * <p>This is the wiring point for alert delivery: the engine's breach recorder and outbox
 * dispatcher (module {@code alerting}) read the routing and the secret from this row.
 */
final class LocalContract {

    static final String TENANT = "local";
    static final String CONTRACT = "default";
    static final String ROUTING_KEY_SECRET = "pagerduty_routing_key";

    private LocalContract() {
    }

    /** Writes the routing, and the routing key encrypted with {@code secrets} as the engine's API stores it. */
    static void writeRouting(Connection connection, URI pagerDutyUrl, Optional<URI> alertmanagerUrl, String routingKey,
            SecretCipher secrets) throws SQLException {
        Map<String, Object> pagerDuty = new LinkedHashMap<>();
        pagerDuty.put("url", pagerDutyUrl.toString());
        pagerDuty.put("routing_key_secret", ROUTING_KEY_SECRET);
        Map<String, Object> alerts = new LinkedHashMap<>();
        alerts.put("pagerduty", pagerDuty);
        alertmanagerUrl.ifPresent(url -> alerts.put("alertmanager_urls", List.of(url.toString())));
        // Locally every breach pages, warnings included: the point is to see the lifecycle.
        alerts.put("page_from", "warning");
        String sql = """
                INSERT INTO sla.contracts (tenant, contract, display_name, definition, secrets)
                VALUES (?, ?, 'Local development contract', jsonb_build_object('alerts', ?::jsonb), jsonb_build_object(?, ?::text))
                ON CONFLICT (tenant, contract) DO UPDATE
                SET definition = sla.contracts.definition || jsonb_build_object('alerts', EXCLUDED.definition -> 'alerts'),
                    secrets = sla.contracts.secrets || EXCLUDED.secrets,
                    updated_at = now()
                """;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, TENANT);
            statement.setString(2, CONTRACT);
            statement.setString(3, Json.write(alerts));
            statement.setString(4, ROUTING_KEY_SECRET);
            statement.setString(5, secrets.encrypt(TENANT, CONTRACT, ROUTING_KEY_SECRET, routingKey));
            statement.executeUpdate();
        }
    }

    /** A PagerDuty-shaped routing key (32 lower-case letters and digits) for development. */
    static String newDevelopmentRoutingKey() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder key = new StringBuilder("dev");
        while (key.length() < 32) {
            key.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return key.toString();
    }
}
