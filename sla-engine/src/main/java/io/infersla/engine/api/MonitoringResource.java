package io.infersla.engine.api;

import io.infersla.core.json.Json;
import io.infersla.core.request.SeriesKey;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where things stand: latest status per series and objective, breach episodes, deliveries needing attention. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class MonitoringResource {

    private static final int MAX_LIMIT = 1000;
    private static final Set<String> DELIVERY_STATUSES = Set.of("pending", "retrying", "dead");

    @Inject
    ApiAccess access;

    /** The latest evaluation of every series and objective evaluated in the last 15 minutes. */
    @GET
    @Path("/status")
    public String status(@HeaderParam("Authorization") String authorization) {
        String tenant = access.tenant(authorization);
        List<Map<String, Object>> rows = Rows.query(access.database(), """
                SELECT DISTINCT ON (series_key, objective_id) series_key, contract, objective_id, evaluated_at,
                       window_seconds, statistic, value, target, limit_value AS "limit", samples, status, excuse
                FROM sla.evaluations
                WHERE tenant = ? AND evaluated_at > now() - interval '15 minutes'
                ORDER BY series_key, objective_id, evaluated_at DESC""", tenant);
        for (Map<String, Object> row : rows) {
            SeriesKey series = SeriesKey.parse((String) row.get("series_key"));
            row.put("service", series.service());
            row.put("environment", series.environment());
            row.put("model", series.model());
            row.put("category", series.category());
        }
        return Json.write(Map.of("series_objectives", rows));
    }

    @GET
    @Path("/breaches")
    public String breaches(@HeaderParam("Authorization") String authorization, @QueryParam("open") Boolean open,
            @QueryParam("contract") String contract, @QueryParam("limit") @DefaultValue("100") int limit) {
        String tenant = access.tenant(authorization);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblem.badRequest("limit must be 1.." + MAX_LIMIT + ", was " + limit, List.of());
        }
        List<Map<String, Object>> rows = Rows.query(access.database(), """
                SELECT episode_id, contract, series_key, objective_id, severity, opened_at, resolved_at, peak_value,
                       peak_at, dedup_key, delivery_state
                FROM sla.breaches
                WHERE tenant = ? AND (?::boolean IS NULL OR (resolved_at IS NULL) = ?::boolean)
                  AND (?::text IS NULL OR contract = ?::text)
                ORDER BY opened_at DESC, episode_id
                LIMIT ?""", tenant, open, open, contract, contract, limit);
        return Json.write(Map.of("breaches", rows));
    }

    /**
     * Notifications not delivered yet: {@code pending} (not tried), {@code retrying} (failed, will
     * be retried) and {@code dead} (refused, never retried: fix the routing and re-trigger).
     */
    @GET
    @Path("/alerts/deliveries")
    public String deliveries(@HeaderParam("Authorization") String authorization, @QueryParam("status") String status) {
        String tenant = access.tenant(authorization);
        if (status != null && !DELIVERY_STATUSES.contains(status)) {
            throw ApiProblem.badRequest("status must be one of pending, retrying, dead, was '" + status + "'", List.of());
        }
        List<Map<String, Object>> rows = Rows.query(access.database(), """
                SELECT id, contract, episode_id, channel, action, target, status, attempts, next_attempt_at, last_error,
                       created_at
                FROM sla.alert_deliveries_attention
                WHERE tenant = ? AND (?::text IS NULL OR status = ?::text)
                ORDER BY created_at, id""", tenant, status, status);
        for (Map<String, Object> row : rows) {
            row.put("target", withoutCredentials((String) row.get("target")));
        }
        return Json.write(Map.of("deliveries", rows));
    }

    /** Scheme, host, port and path only: a webhook URL may carry a token in its user info or query. */
    static String withoutCredentials(String target) {
        try {
            URI uri = URI.create(target);
            if (uri.getHost() == null) {
                return "(not a URL)";
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                    + (uri.getRawPath() == null ? "" : uri.getRawPath());
        } catch (IllegalArgumentException e) {
            return "(not a URL)";
        }
    }
}
