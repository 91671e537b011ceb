package io.infersla.engine.api;

import io.infersla.alerting.routing.AlertRouting;
import io.infersla.alerting.routing.AlertRoutingJson;
import io.infersla.alerting.routing.SecretNames;
import io.infersla.core.json.JsonFields;
import io.infersla.core.compliance.ComplianceTermsJson;
import io.infersla.core.contract.ContractTermsException;
import io.infersla.core.contract.ContractTermsJson;
import io.infersla.core.contract.MaintenanceWindow;
import io.infersla.core.json.Json;
import io.infersla.core.json.JsonException;
import io.infersla.core.json.StorableText;
import io.infersla.core.secret.SecretCipher;
import io.infersla.engine.app.EngineSecrets;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * A tenant's contracts: objective overrides and alert routing (the definition), write-only
 * secrets (masked whenever read back), and maintenance windows. Changes reach evaluation through
 * the contract-terms publisher within {@code infersla.storage.contracts-refresh}.
 */
@Path("/api/v1/contracts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "contracts")
public class ContractsResource {

    static final String MASK = "********";
    private static final int MAX_SECRET_LENGTH = 4096;
    private static final int MAX_REASON_LENGTH = 1000;
    private static final Instant EARLIEST_WINDOW = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST_WINDOW = Instant.parse("9999-12-31T23:59:59.999999Z");
    private static final String SELECT_CONTRACTS = """
            SELECT contract, display_name, time_zone, definition,
                   (SELECT coalesce(jsonb_object_agg(k, '%s'), '{}'::jsonb) FROM jsonb_object_keys(secrets) k) AS secrets,
                   created_at, updated_at
            FROM sla.contracts WHERE tenant = ? AND (?::text IS NULL OR contract = ?::text) ORDER BY contract"""
            .formatted(MASK);

    @Inject
    ApiAccess access;

    @Inject
    EngineSecrets engineSecrets;

    @GET
    @APIResponse(responseCode = "200", description = "The tenant's contracts, by name.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Contracts.class)))
    public Contracts list(@Parameter(hidden = true) @HeaderParam("Authorization") String authorization) {
        String tenant = access.tenant(authorization);
        return new Contracts(Rows.query(access.database(), ContractView::read, SELECT_CONTRACTS, tenant, null, null));
    }

    @GET
    @Path("/{contract}")
    @APIResponse(responseCode = "200", description = "The contract.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ContractView.class)))
    @APIResponse(responseCode = "404", description = "The tenant has no such contract.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public ContractView get(@Parameter(hidden = true) @HeaderParam("Authorization") String authorization,
            @PathParam("contract") String contract) {
        return contractOf(access.tenant(authorization), contract);
    }

    private ContractView contractOf(String tenant, String contract) {
        QueryParameters.contract(contract, false);
        List<ContractView> rows = Rows.query(access.database(), ContractView::read, SELECT_CONTRACTS, tenant, contract, contract);
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
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ContractRequest.class)))
    @APIResponse(responseCode = "200", description = "The contract as stored, secrets masked.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ContractView.class)))
    @APIResponse(responseCode = "400", description = "The name or the body is not valid: every problem, with its path.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public ContractView put(@Parameter(hidden = true) @HeaderParam("Authorization") String authorization,
            @Parameter(description = "The contract's name.", schema = @Schema(pattern = QueryParameters.CONTRACT_NAME))
            @PathParam("contract") String contract, String body) {
        String tenant = access.tenant(authorization);
        QueryParameters.contract(contract, false);
        List<String> problems = new ArrayList<>();
        Object parsed = parse(body);
        StorableText.check(parsed, "body", problems);
        JsonFields root = JsonFields.of(parsed, "body", problems);
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
        JsonFields definition = root.object("definition", false);
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
        JsonFields secretFields = root.object("secrets", false);
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
            // Stored encrypted, bound to this tenant, contract and name (docs/security.md); null removes.
            if (secrets.values().stream().anyMatch(java.util.Objects::nonNull)) {
                SecretCipher cipher = engineSecrets.cipher();
                secrets.replaceAll((name, value) -> value == null ? null : cipher.encrypt(tenant, contract, name, (String) value));
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
        return contractOf(tenant, contract);
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
    @APIResponse(responseCode = "200", description = "The contract's maintenance windows, by start.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MaintenanceWindows.class)))
    @APIResponse(responseCode = "404", description = "The tenant has no such contract.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public MaintenanceWindows maintenance(@Parameter(hidden = true) @HeaderParam("Authorization") String authorization,
            @PathParam("contract") String contract) {
        String tenant = access.tenant(authorization);
        contractOf(tenant, contract);
        return new MaintenanceWindows(Rows.query(access.database(), MaintenanceWindowView::read,
                "SELECT " + MaintenanceWindowView.COLUMNS + " FROM sla.maintenance_windows"
                        + " WHERE tenant = ? AND contract = ? ORDER BY starts_at, id", tenant, contract));
    }

    /** Plans a maintenance window: evaluations whose window overlaps it are excused, nothing pages. */
    @POST
    @Path("/{contract}/maintenance")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = MaintenanceWindowRequest.class)))
    @APIResponse(responseCode = "201", description = "The window as stored; Location names it.",
            headers = @Header(name = HttpHeaders.LOCATION, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = MaintenanceWindowView.class)))
    @APIResponse(responseCode = "400", description = "The body is not valid: every problem, with its path.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "The tenant has no such contract.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public RestResponse<MaintenanceWindowView> addMaintenance(
            @Parameter(hidden = true) @HeaderParam("Authorization") String authorization,
            @PathParam("contract") String contract, String body) {
        String tenant = access.tenant(authorization);
        contractOf(tenant, contract);
        List<String> problems = new ArrayList<>();
        Object parsed = parse(body);
        StorableText.check(parsed, "body", problems);
        JsonFields w = JsonFields.of(parsed, "body", problems);
        if (w == null) {
            throw ApiProblem.badRequest("the maintenance window is not valid", problems);
        }
        w.allowOnly("starts_at", "ends_at", "service", "category", "model", "reason");
        MaintenanceWindow window = ContractTermsJson.maintenanceWindow(w, 0, problems);
        if (window != null && window.category().isPresent() && access.catalog().category(window.category().get()).isEmpty()) {
            problems.add("body.category: must be a catalog category (see /api/v1/catalog), was '" + window.category().get() + "'");
        }
        if (window != null) {
            storable("starts_at", window.start(), problems);
            storable("ends_at", window.end(), problems);
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
        MaintenanceWindowView created = Rows.query(access.database(), MaintenanceWindowView::read,
                "SELECT " + MaintenanceWindowView.COLUMNS + " FROM sla.maintenance_windows WHERE id = ?", id).get(0);
        return RestResponse.ResponseBuilder.<MaintenanceWindowView>created(URI.create("/api/v1/contracts/" + contract + "/maintenance/" + id))
                .entity(created).type(MediaType.APPLICATION_JSON).build();
    }

    @DELETE
    @Path("/{contract}/maintenance/{id}")
    @APIResponse(responseCode = "204", description = "Removed.")
    @APIResponse(responseCode = "400", description = "id is not an id.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "The contract has no such window (or the tenant no such contract).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response deleteMaintenance(@Parameter(hidden = true) @HeaderParam("Authorization") String authorization,
            @PathParam("contract") String contract,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1")) @PathParam("id") String idText) {
        String tenant = access.tenant(authorization);
        QueryParameters.contract(contract, false);
        long id = QueryParameters.id("id", idText);
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

    /**
     * What timestamptz holds exactly (microseconds, the years a window may sensibly have): the
     * database would round the instant or refuse it (a 503 before), and the window must read back
     * as it was sent. Checked here, not in the core's reader, which also reads windows stored before.
     */
    private static void storable(String field, Instant at, List<String> problems) {
        if (at.isBefore(EARLIEST_WINDOW) || at.isAfter(LATEST_WINDOW) || at.getNano() % 1000 != 0) {
            problems.add("body." + field + ": must be between " + EARLIEST_WINDOW + " and " + LATEST_WINDOW
                    + " with at most 6 decimals of a second, was " + at);
        }
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
