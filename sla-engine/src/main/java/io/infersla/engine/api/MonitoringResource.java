package io.infersla.engine.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Where things stand: latest status per series and objective, breach episodes, deliveries needing attention. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "monitoring")
public class MonitoringResource {

    static final int MAX_LIMIT = 1000;
    private static final Set<String> DELIVERY_STATUSES = Set.of("pending", "retrying", "dead");

    @Inject
    ApiAccess access;

    /** The latest evaluation of every series and objective evaluated in the last 15 minutes. */
    @GET
    @Path("/status")
    @APIResponse(responseCode = "200", description = "The latest evaluation of every series and objective evaluated in the"
            + " last 15 minutes.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SeriesObjectives.class)))
    public SeriesObjectives status(@Parameter(hidden = true) @HeaderParam("Authorization") String authorization) {
        String tenant = access.tenant(authorization);
        return new SeriesObjectives(Rows.query(access.database(), SeriesObjectiveStatus::read, """
                SELECT DISTINCT ON (series_key, objective_id) series_key, contract, objective_id, evaluated_at,
                       window_seconds, statistic, value, target, limit_value AS "limit", samples, status, excuse
                FROM sla.evaluations
                WHERE tenant = ? AND evaluated_at > now() - interval '15 minutes'
                ORDER BY series_key, objective_id, evaluated_at DESC""", tenant));
    }

    @GET
    @Path("/breaches")
    @APIResponse(responseCode = "200", description = "Breach episodes, newest first.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Breaches.class)))
    @APIResponse(responseCode = "400", description = "open is not true or false, or limit is not an integer 1..1000.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Breaches breaches(@Parameter(hidden = true) @HeaderParam("Authorization") String authorization,
            @Parameter(description = "true: open episodes only; false: resolved ones only; absent: both.",
                    schema = @Schema(type = SchemaType.BOOLEAN)) @QueryParam("open") String open,
            @QueryParam("contract") String contract,
            @Parameter(description = "At most this many episodes, 1..1000.",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000", defaultValue = "100"))
            @QueryParam("limit") String limit) {
        String tenant = access.tenant(authorization);
        Boolean openOnly = QueryParameters.trueOrFalse("open", open);
        int max = QueryParameters.integer("limit", limit, 100, 1, MAX_LIMIT);
        QueryParameters.contract(contract, true);
        return new Breaches(Rows.query(access.database(), BreachView::read, """
                SELECT episode_id, contract, series_key, objective_id, severity, opened_at, resolved_at, peak_value,
                       peak_at, dedup_key, delivery_state
                FROM sla.breaches
                WHERE tenant = ? AND (?::boolean IS NULL OR (resolved_at IS NULL) = ?::boolean)
                  AND (?::text IS NULL OR contract = ?::text)
                ORDER BY opened_at DESC, episode_id
                LIMIT ?""", tenant, openOnly, openOnly, contract, contract, max));
    }

    /**
     * Notifications not delivered yet: {@code pending} (not tried), {@code retrying} (failed, will
     * be retried) and {@code dead} (refused, never retried: fix the routing and re-trigger).
     */
    @GET
    @Path("/alerts/deliveries")
    @APIResponse(responseCode = "200", description = "Notifications not delivered yet, oldest first.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Deliveries.class)))
    @APIResponse(responseCode = "400", description = "status is not pending, retrying or dead.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Deliveries deliveries(@Parameter(hidden = true) @HeaderParam("Authorization") String authorization,
            @Parameter(schema = @Schema(enumeration = {"pending", "retrying", "dead"})) @QueryParam("status") String status) {
        String tenant = access.tenant(authorization);
        if (status != null && !DELIVERY_STATUSES.contains(status)) {
            throw ApiProblem.badRequest("query parameter status must be one of pending, retrying, dead, was '" + status + "'",
                    List.of());
        }
        return new Deliveries(Rows.query(access.database(), DeliveryView::read, """
                SELECT id, contract, episode_id, channel, action, target, status, attempts, next_attempt_at, last_error,
                       created_at
                FROM sla.alert_deliveries_attention
                WHERE tenant = ? AND (?::text IS NULL OR status = ?::text)
                ORDER BY created_at, id""", tenant, status, status));
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
