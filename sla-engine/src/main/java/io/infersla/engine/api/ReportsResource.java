package io.infersla.engine.api;

import io.infersla.core.json.Json;
import io.infersla.core.report.ReportMonth;
import io.infersla.engine.app.EngineConfig;
import io.infersla.reports.render.ReportCsv;
import io.infersla.reports.render.ReportPdf;
import io.infersla.reports.store.ReportGenerator;
import io.infersla.reports.store.ReportSource;
import io.infersla.reports.store.ReportStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Monthly compliance reports (docs/reports.md): the stored revisions of a contract, one month in
 * JSON, CSV or PDF (all three from the same stored JSON, so they carry the same figures and hash),
 * and regeneration on demand. Another tenant's contract does not exist here (404).
 */
@Path("/api/v1/reports")
public class ReportsResource {

    static final String CSV = "text/csv";
    static final String PDF = "application/pdf";
    /** How old the latest revision of a provisional month may be before a GET regenerates it. */
    static final Duration PROVISIONAL_FRESH_FOR = Duration.ofMinutes(1);
    private static final Map<String, String> FORMATS = Map.of("json", MediaType.APPLICATION_JSON, "csv", CSV, "pdf", PDF);

    private final ApiAccess access;
    private final Duration finalAfter;

    @Inject
    public ReportsResource(ApiAccess access, EngineConfig config) {
        this.access = access;
        this.finalAfter = config.engine().lateBound().plus(config.reports().finalGrace());
    }

    @GET
    @Path("/{contract}")
    public Response list(@HeaderParam("Authorization") String authorization, @PathParam("contract") String contract) {
        String tenant = access.tenant(authorization);
        try (Connection db = access.database().getConnection()) {
            ReportSource.Contract c = contract(db, tenant, contract);
            Map<String, List<Object>> months = new LinkedHashMap<>();
            for (ReportStore.Revision r : ReportStore.list(db, tenant, contract)) {
                months.computeIfAbsent(r.month().toString(), m -> new ArrayList<>()).add(describe(r));
            }
            List<Object> out = new ArrayList<>();
            months.forEach((month, revisions) -> out.add(Map.of("month", month, "revisions", revisions)));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("contract", contract);
            body.put("time_zone", c.zone().getId());
            body.put("months", out);
            return json(200, body);
        } catch (SQLException e) {
            throw ApiProblem.databaseUnavailable(e);
        }
    }

    @GET
    @Path("/{contract}/{month}")
    public Response get(@HeaderParam("Authorization") String authorization, @HeaderParam("Accept") String accept,
            @HeaderParam("If-None-Match") String ifNoneMatch, @PathParam("contract") String contract,
            @PathParam("month") String month, @QueryParam("format") String format, @QueryParam("revision") String revision) {
        String tenant = access.tenant(authorization);
        String mediaType = mediaType(format, accept);
        YearMonth yearMonth = month(month);
        Optional<Integer> number = revision(revision);
        try (Connection db = access.database().getConnection()) {
            contract(db, tenant, contract);
            Optional<ReportStore.Report> report = ReportStore.get(db, tenant, contract, yearMonth, number);
            boolean stale = report.isPresent() && report.get().revision().status().equals("provisional")
                    && report.get().revision().createdAt().isBefore(Instant.now().minus(PROVISIONAL_FRESH_FOR));
            if (number.isEmpty() && (report.isEmpty() || stale)) {
                // the first request for a month makes revision 1; a month still open is brought up to date
                // (a new revision only if its figures changed), so what is served is at most a minute old
                generate(db, tenant, contract, yearMonth);
                report = ReportStore.get(db, tenant, contract, yearMonth, number);
            }
            if (report.isEmpty()) {
                List<ReportStore.Revision> all = ReportStore.list(db, tenant, contract).stream()
                        .filter(r -> r.month().equals(yearMonth)).toList();
                throw ApiProblem.notFound("contract " + contract + " has no revision " + number.orElseThrow() + " of " + yearMonth
                        + (all.isEmpty() ? "" : "; it has revisions 1 to " + all.get(0).number()));
            }
            ReportStore.Report r = report.get();
            String etag = "\"" + r.revision().sha256() + "\"";
            if (etag.equals(ifNoneMatch)) {
                return Response.notModified().tag(r.revision().sha256()).build();
            }
            byte[] body = switch (mediaType) {
                case CSV -> ReportCsv.render(r.body());
                case PDF -> ReportPdf.render(r.body(), r.revision().sha256());
                default -> r.body();
            };
            String extension = mediaType.equals(CSV) ? "csv" : mediaType.equals(PDF) ? "pdf" : "json";
            return Response.ok(body)
                    .type(mediaType.equals(CSV) ? CSV + "; charset=utf-8" : mediaType)
                    .header("ETag", etag)
                    .header("X-Report-Revision", r.revision().number())
                    .header("X-Report-Status", r.revision().status())
                    .header("Content-Disposition", (mediaType.equals(MediaType.APPLICATION_JSON) ? "inline" : "attachment")
                            + "; filename=\"infersla-" + contract + "-" + yearMonth + "-r" + r.revision().number() + "." + extension + "\"")
                    .build();
        } catch (SQLException e) {
            throw ApiProblem.databaseUnavailable(e);
        }
    }

    @POST
    @Path("/{contract}/{month}")
    public Response regenerate(@HeaderParam("Authorization") String authorization, @PathParam("contract") String contract,
            @PathParam("month") String month) {
        String tenant = access.tenant(authorization);
        YearMonth yearMonth = month(month);
        try (Connection db = access.database().getConnection()) {
            contract(db, tenant, contract);
            ReportGenerator.Result result = generate(db, tenant, contract, yearMonth);
            ReportStore.Revision latest = ReportStore.latestRevision(db, tenant, contract, yearMonth).orElseThrow();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("stored", result.stored());
            body.putAll(describe(latest));
            return json(result.stored() ? 201 : 200, body);
        } catch (SQLException e) {
            throw ApiProblem.databaseUnavailable(e);
        }
    }

    private ReportGenerator.Result generate(Connection db, String tenant, String contract, YearMonth month) throws SQLException {
        try {
            return ReportGenerator.generate(db, access.catalog(), tenant, contract, month, Instant.now(), finalAfter);
        } catch (ReportGenerator.ReportRefused e) {
            throw e.notFound() ? ApiProblem.notFound(e.getMessage()) : ApiProblem.badRequest(e.getMessage(), List.of());
        } catch (IllegalArgumentException e) {
            throw invalidDefinition(contract, e);
        }
    }

    private ReportSource.Contract contract(Connection db, String tenant, String contract) throws SQLException {
        try {
            return ReportSource.contract(db, access.catalog(), tenant, contract)
                    .orElseThrow(() -> ApiProblem.notFound("no contract '" + contract + "'"));
        } catch (IllegalArgumentException e) {
            throw invalidDefinition(contract, e);
        }
    }

    /** A contract stored before a rule it now breaks existed: the caller can fix it, the report cannot be made. */
    private static ApiProblem invalidDefinition(String contract, IllegalArgumentException e) {
        return new ApiProblem(409, "the contract's stored definition is not valid; fix it with PUT /api/v1/contracts/" + contract,
                List.of(e.getMessage()));
    }

    private static Map<String, Object> describe(ReportStore.Revision r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("month", r.month().toString());
        out.put("revision", r.number());
        out.put("status", r.status());
        out.put("correction", r.correction());
        out.put("sha256", r.sha256());
        out.put("previous_sha256", r.previousSha256());
        out.put("created_at", r.createdAt().toString());
        return out;
    }

    static YearMonth month(String month) {
        try {
            return ReportMonth.parseMonth(month);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("path parameter month: " + e.getMessage(), List.of());
        }
    }

    static Optional<Integer> revision(String revision) {
        if (revision == null) {
            return Optional.empty();
        }
        if (!revision.matches("[1-9][0-9]{0,8}")) {
            throw ApiProblem.badRequest("query parameter revision must be a revision number (1, 2, ...), was '" + revision + "'",
                    List.of());
        }
        return Optional.of(Integer.parseInt(revision));
    }

    /** {@code ?format=} wins over {@code Accept}; no preference means JSON. */
    static String mediaType(String format, String accept) {
        if (format != null) {
            String type = FORMATS.get(format.toLowerCase(Locale.ROOT));
            if (type == null) {
                throw ApiProblem.badRequest("query parameter format must be one of json, csv, pdf, was '" + format + "'", List.of());
            }
            return type;
        }
        if (accept == null || accept.isBlank()) {
            return MediaType.APPLICATION_JSON;
        }
        for (String part : accept.split(",")) {
            String type = part.split(";")[0].trim().toLowerCase(Locale.ROOT);
            if (FORMATS.containsValue(type)) {
                return type;
            }
            if (type.equals("*/*") || type.equals("application/*")) {
                return MediaType.APPLICATION_JSON;
            }
            if (type.equals("text/*")) {
                return CSV;
            }
        }
        throw new ApiProblem(406, "a report is served as application/json, text/csv or application/pdf; Accept was '" + accept
                + "' (or use ?format=json|csv|pdf)", List.of());
    }

    private static Response json(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Json.write(body).getBytes(StandardCharsets.UTF_8)).build();
    }
}
