package io.infersla.engine.storage;

import io.infersla.alerting.routing.AlertRouting;
import io.infersla.alerting.routing.AlertRoutingJson;
import io.infersla.core.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Each contract's alert routing, read from the {@code alerts} section of
 * {@code sla.contracts.definition} and kept for a short while, so that breaches of a busy contract
 * do not re-read it per record. A contract without a row or without the section sends nothing;
 * an invalid section is logged with the path of the problem and sends nothing until fixed.
 */
final class ContractAlertRouting {

    private static final Logger LOG = Logger.getLogger(ContractAlertRouting.class);
    private static final Duration KEEP = Duration.ofSeconds(30);

    private record Cached(AlertRouting routing, Instant readAt) {
    }

    private final Clock clock;
    private final Map<String, Cached> cache = new HashMap<>();

    ContractAlertRouting(Clock clock) {
        this.clock = clock;
    }

    AlertRouting routingFor(Connection db, String tenant, String contract) throws SQLException {
        String key = tenant + "/" + contract;
        Instant now = clock.instant();
        Cached cached = cache.get(key);
        if (cached != null && cached.readAt().plus(KEEP).isAfter(now)) {
            return cached.routing();
        }
        AlertRouting routing = AlertRouting.NONE;
        try (PreparedStatement st = db.prepareStatement(
                "SELECT definition -> 'alerts' FROM sla.contracts WHERE tenant = ? AND contract = ?")) {
            st.setString(1, tenant);
            st.setString(2, contract);
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next() && rs.getString(1) != null) {
                    String where = "contracts[" + key + "].alerts";
                    try {
                        routing = AlertRoutingJson.parse(where, Json.parse(where, rs.getString(1)));
                    } catch (IllegalArgumentException e) {
                        LOG.error("alert routing of contract " + key + " is invalid, nothing is sent for it: "
                                + e.getMessage());
                    }
                }
            }
        }
        cache.put(key, new Cached(routing, now));
        return routing;
    }
}
