package io.infersla.engine.api;

import io.infersla.alerting.routing.AlertRouting;
import io.infersla.alerting.routing.AlertRoutingJson;
import io.infersla.alerting.routing.SecretNames;
import io.infersla.core.catalog.Fields;
import io.infersla.core.compliance.ComplianceTermsJson;
import io.infersla.core.contract.ContractTermsException;
import io.infersla.core.contract.ContractTermsJson;
import io.infersla.core.contract.MaintenanceWindow;
import io.infersla.core.json.Json;
import io.infersla.core.json.JsonException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tenant's contracts: objective overrides and alert routing (the definition), write-only
 * secrets (masked whenever read back), and maintenance windows. Changes reach evaluation through
 * the contract-terms publisher within {@code infersla.storage.contracts-refresh}.
 */
@Path("/api/v1/contracts")
@Produces(MediaType.APPLICATION_JSON)
public class ContractsResource {

    static final String MASK = "********";
    private static final String CONTRACT_NAME = "[a-z0-9][a-z0-9_.-]{0,63}";
    private static final int MAX_SECRET_LENGTH = 4096;
    private static final int MAX_REASON_LENGTH = 1000;
    private static final String SELECT_CONTRACTS = """
            SELECT contract, display_name, time_zone, definition,
                   (SELECT coalesce(jsonb_object_agg(k, '%s'), '{}'::jsonb) FROM jsonb_object_keys(secrets) k) AS secrets,
                   created_at, updated_at
            FROM sla.contracts WHERE tenant = ? AND (?::text IS NULL OR contract = ?::text) ORDER BY contract"""
            .formatted(MASK);

    @Inject
    ApiAccess access;

    @GET
    public String list(@HeaderParam("Authorization") String authorization) {
        String tenant = access.tenant(authorization);
        return Json.write(Map.of("contracts", Rows.query(access.database(), SELECT_CONTRACTS, tenant, null, null)));
    }

    @GET
    @Path("/{contract}")
    public String get(@HeaderParam("Authorization") String authorization, @PathParam("contract") String contract) {
        return Json.write(contractOf(access.tenant(authorization), contract));
    }

    private Map<String, Object> contractOf(String tenant, String contract) {
        List<Map<String, Object>> rows = Rows.query(access.database(), SELECT_CONTRACTS, tenant, contract, contract);
        if (rows.isEmpty()) {
            throw ApiProblem.notFound("no contract '" + contract + "'");
        }
        return rows.get(0);
    }

    /**
     * Creates or replaces a contract's display name, time zone and definition. Secrets are merged:
     * a name with a string sets it, a name with null removes it, names not sent are kept, so a
     * client never has to hold secrets to change anything else.
     */
    @PUT
    @Path("/{contract}")
    @Consumes(MediaType.APPLICATION_JSON)
    public String put(@HeaderParam("Authorization") String authorization, @PathParam("contract") String contract, String body) {
        String tenant = access.tenant(authorization);
        if (!contract.matches(CONTRACT_NAME)) {
            throw ApiProblem.badRequest("contract names must match " + CONTRACT_NAME + ", was '" + contract + "'", List.of());
        }
        List<String> problems = new ArrayList<>();
        Fields root = Fields.of(parse(body), "body", problems);
        if (root == null) {
            throw ApiProblem.badRequest("the contract is not valid", problems);
        }
        root.allowOnly("display_name", "time_zone", "definition", "secrets");
        String displayName = root.string("display_name", false);
        String timeZone = root.string("time_zone", false);
        if (timeZone != null) {
            try {
                ZoneId.of(timeZone);
            } catch (DateTimeException e) {
                problems.add("body.time_zone: must be an IANA time zone like Europe/Paris, was '" + timeZone + "'");
            }
        }
        Fields definition = root.object("definition", false);
        AlertRouting routing = AlertRouting.NONE;
        if (definition != null) {
            definition.allowOnly("objectives", "alerts", "compliance");
            try {
                ContractTermsJson.objectives(access.catalog(), "body.definition", definition.map());
            } catch (ContractTermsException e) {
                problems.addAll(e.problems());
            }
            try {
                ComplianceTermsJson.read(access.catalog(), "body.definition", definition.map());
            } catch (ContractTermsException e) {
                problems.addAll(e.problems());
            }
            try {
                routing = AlertRoutingJson.parse("body.definition.alerts", definition.map().get("alerts"));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        Map<String, Object> secrets = new LinkedHashMap<>();
        Fields secretFields = root.object("secrets", false);
        if (secretFields != null) {
            for (String name : secretFields.keys()) {
                Object value = secretFields.map().get(name);
                try {
                    SecretNames.check("body.secrets." + name, name);
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                    continue;
                }
                // never echo a secret's value in a message
                if (value != null && (!(value instanceof String s) || s.isEmpty() || s.length() > MAX_SECRET_LENGTH)) {
                    problems.add("body.secrets." + name + ": must be a string of 1.." + MAX_SECRET_LENGTH
                            + " characters, or null to remove it");
                    continue;
                }
                secrets.put(name, value);
            }
        }
        try (Connection c = access.database().getConnection()) {
            c.setAutoCommit(false);
            Set<String> present = existingSecretNames(c, tenant, contract);
            secrets.forEach((name, value) -> {
                if (value == null) {
                    present.remove(name);
                } else {
                    present.add(name);
                }
            });
            for (String needed : routing.secretNames()) {
                if (!present.contains(needed)) {
                    problems.add("body.definition.alerts: refers to secret '" + needed
                            + "', which is not set; send it in body.secrets");
                }
            }
            if (!problems.isEmpty()) {
                throw ApiProblem.badRequest("the contract is not valid", problems);
            }
            try (PreparedStatement st = c.prepareStatement("""
                    INSERT INTO sla.contracts (tenant, contract, display_name, time_zone, definition, secrets)
                    VALUES (?, ?, ?, ?, ?::jsonb, jsonb_strip_nulls(?::jsonb))
                    ON CONFLICT (tenant, contract) DO UPDATE SET display_name = EXCLUDED.display_name,
                        time_zone = EXCLUDED.time_zone, definition = EXCLUDED.definition,
                        secrets = jsonb_strip_nulls(sla.contracts.secrets || ?::jsonb), updated_at = now()""")) {
                String secretsJson = Json.writeCompact(secrets);
                st.setString(1, tenant);
                st.setString(2, contract);
                st.setString(3, displayName);
                st.setString(4, timeZone == null ? "UTC" : timeZone);
                st.setString(5, definition == null ? "{}" : Json.writeCompact(definition.map()));
                st.setString(6, secretsJson);
                st.setString(7, secretsJson);
                st.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            throw ApiProblem.databaseUnavailable(e);
        }
        return Json.write(contractOf(tenant, contract));
    }

    private static Set<String> existingSecretNames(Connection c, String tenant, String contract) throws SQLException {
        Set<String> names = new HashSet<>();
        try (PreparedStatement st = c.prepareStatement(
                "SELECT k FROM sla.contracts c, jsonb_object_keys(c.secrets) k WHERE tenant = ? AND contract = ? FOR UPDATE OF c")) {
            st.setString(1, tenant);
            st.setString(2, contract);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    @GET
    @Path("/{contract}/maintenance")
    public String maintenance(@HeaderParam("Authorization") String authorization, @PathParam("contract") String contract) {
        String tenant = access.tenant(authorization);
        contractOf(tenant, contract);
        return Json.write(Map.of("maintenance_windows", Rows.query(access.database(), """
                SELECT id, starts_at, ends_at, service, category, model, reason, created_at
                FROM sla.maintenance_windows WHERE tenant = ? AND contract = ? ORDER BY starts_at, id""", tenant, contract)));
    }

    /** Plans a maintenance window: evaluations whose window overlaps it are excused, nothing pages. */
    @POST
    @Path("/{contract}/maintenance")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response addMaintenance(@HeaderParam("Authorization") String authorization, @PathParam("contract") String contract,
            String body) {
        String tenant = access.tenant(authorization);
        contractOf(tenant, contract);
        List<String> problems = new ArrayList<>();
        Fields w = Fields.of(parse(body), "body", problems);
        if (w == null) {
            throw ApiProblem.badRequest("the maintenance window is not valid", problems);
        }
        w.allowOnly("starts_at", "ends_at", "service", "category", "model", "reason");
        MaintenanceWindow window = ContractTermsJson.maintenanceWindow(w, 0, problems);
        if (window != null && window.category().isPresent() && access.catalog().category(window.category().get()).isEmpty()) {
            problems.add("body.category: must be a catalog category (see /api/v1/catalog), was '" + window.category().get() + "'");
        }
        if (window != null && window.reason().length() > MAX_REASON_LENGTH) {
            problems.add("body.reason: must be at most " + MAX_REASON_LENGTH + " characters, was " + window.reason().length());
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.badRequest("the maintenance window is not valid", problems);
        }
        long id;
        try (Connection c = access.database().getConnection(); PreparedStatement st = c.prepareStatement("""
                INSERT INTO sla.maintenance_windows (tenant, contract, starts_at, ends_at, service, category, model, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")) {
            st.setString(1, tenant);
            st.setString(2, contract);
            st.setTimestamp(3, Timestamp.from(window.start()));
            st.setTimestamp(4, Timestamp.from(window.end()));
            st.setString(5, window.service().orElse(null));
            st.setString(6, window.category().orElse(null));
            st.setString(7, window.model().orElse(null));
            st.setString(8, window.reason().isEmpty() ? null : window.reason());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        } catch (SQLException e) {
            throw ApiProblem.databaseUnavailable(e);
        }
        Map<String, Object> created = Rows.query(access.database(), """
                SELECT id, starts_at, ends_at, service, category, model, reason, created_at
                FROM sla.maintenance_windows WHERE id = ?""", id).get(0);
        return Response.created(URI.create("/api/v1/contracts/" + contract + "/maintenance/" + id))
                .entity(Json.write(created)).type(MediaType.APPLICATION_JSON).build();
    }

    @DELETE
    @Path("/{contract}/maintenance/{id}")
    public Response deleteMaintenance(@HeaderParam("Authorization") String authorization, @PathParam("contract") String contract,
            @PathParam("id") long id) {
        String tenant = access.tenant(authorization);
        try (Connection c = access.database().getConnection(); PreparedStatement st = c.prepareStatement(
                "DELETE FROM sla.maintenance_windows WHERE tenant = ? AND contract = ? AND id = ?")) {
            st.setString(1, tenant);
            st.setString(2, contract);
            st.setLong(3, id);
            if (st.executeUpdate() == 0) {
                throw ApiProblem.notFound("no maintenance window " + id + " in contract '" + contract + "'");
            }
        } catch (SQLException e) {
            throw ApiProblem.databaseUnavailable(e);
        }
        return Response.noContent().build();
    }

    private static Object parse(String body) {
        if (body == null || body.isBlank()) {
            throw ApiProblem.badRequest("the request body must be a JSON object, was empty", List.of());
        }
        try {
            return Json.parse("body", body);
        } catch (JsonException e) {
            throw ApiProblem.badRequest("the request body is not JSON: " + e.getMessage(), List.of());
        }
    }
}
