package io.infersla.engine.api;

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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Monthly compliance reports (docs/reports.md): the stored revisions of a contract, one month in
 * JSON, CSV or PDF (all three from the same stored JSON, so they carry the same figures and hash),
 * and regeneration on demand. Another tenant's contract does not exist here (404).
 */
@Path("/api/v1/reports")
@Tag(name = "reports")
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
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The contract's time zone and report months, newest first.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReportMonths.class)))
    @APIResponse(responseCode = "404", description = "The tenant has no such contract.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "The contract's stored definition no longer validates.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public ReportMonths list(@Parameter(hidden = true) @HeaderParam("Authorization") String authorization,
            @PathParam("contract") String contract) {
        String tenant = access.tenant(authorization);
        try (Connection db = access.database().getConnection()) {
            ReportSource.Contract c = contract(db, tenant, contract);
            Map<String, List<ReportRevisionView>> months = new LinkedHashMap<>();
            for (ReportStore.Revision r : ReportStore.list(db, tenant, contract)) {
                months.computeIfAbsent(r.month().toString(), m -> new ArrayList<>()).add(ReportRevisionView.of(r));
            }
            List<ReportMonths.Month> out = new ArrayList<>();
            months.forEach((month, revisions) -> out.add(new ReportMonths.Month(month, revisions)));
            return new ReportMonths(contract, c.zone().getId(), out);
        } catch (SQLException e) {
            throw ApiProblem.databaseUnavailable(e);
        }
    }

    @GET
    @Path("/{contract}/{month}")
    @APIResponse(responseCode = "200", description = "The revision, in the format asked for; ETag, X-Report-Revision and"
            + " X-Report-Status say which it is (docs/reports.md).",
            headers = {@Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "X-Report-Revision", schema = @Schema(type = SchemaType.INTEGER)),
                    @Header(name = "X-Report-Status", schema = @Schema(enumeration = {"provisional", "final"}))},
            content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                            description = "The report as stored (canonical JSON; its SHA-256 is the ETag): contract,"
                                    + " period, objectives, summary, revision (docs/reports.md).")),
                    @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = PDF, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "304", description = "If-None-Match named this revision's ETag.")
    @APIResponse(responseCode = "400", description = "month is not yyyy-MM or has not started, revision is not a number,"
            + " or format is not json, csv or pdf.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "The tenant has no such contract, or the month no such revision.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "406", description = "Accept names none of application/json, text/csv, application/pdf.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "The contract's stored definition no longer validates.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response get(@Parameter(hidden = true) @HeaderParam("Authorization") String authorization,
            @Parameter(hidden = true) @HeaderParam("Accept") String accept,
            @HeaderParam("If-None-Match") String ifNoneMatch, @PathParam("contract") String contract,
            @Parameter(schema = @Schema(pattern = "[0-9]{4}-[0-9]{2}", example = "\"2026-11\"")) @PathParam("month") String month,
            @Parameter(schema = @Schema(enumeration = {"json", "csv", "pdf"})) @QueryParam("format") String format,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1")) @QueryParam("revision") String revision) {
        String tenant = access.tenant(authorization);
        String mediaType = mediaType(format, accept);
        YearMonth yearMonth = month(month);
        Optional<Integer> number = revision(revision);
        try (Connection db = access.database().getConnection()) {
            ReportSource.Contract c = contract(db, tenant, contract);
            if (!new ReportMonth(yearMonth, c.zone()).hasStartedAt(Instant.now())) {
                // as the generator says it; asked for with ?revision= the generator is not reached (was a 404)
                throw ApiProblem.badRequest("path parameter month: month " + yearMonth + " has not started yet in "
                        + c.zone().getId() + " (it starts at " + new ReportMonth(yearMonth, c.zone()).start() + ")", List.of());
            }
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
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "The figures (or the status) changed: a new revision is stored.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RegeneratedReport.class)))
    @APIResponse(responseCode = "200", description = "Nothing changed: the current revision.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RegeneratedReport.class)))
    @APIResponse(responseCode = "400", description = "month is not yyyy-MM or has not started.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "The tenant has no such contract.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "The contract's stored definition no longer validates.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public RestResponse<RegeneratedReport> regenerate(@Parameter(hidden = true) @HeaderParam("Authorization") String authorization,
            @PathParam("contract") String contract,
            @Parameter(schema = @Schema(pattern = "[0-9]{4}-[0-9]{2}", example = "\"2026-11\"")) @PathParam("month") String month) {
        String tenant = access.tenant(authorization);
        YearMonth yearMonth = month(month);
        try (Connection db = access.database().getConnection()) {
            contract(db, tenant, contract);
            ReportGenerator.Result result = generate(db, tenant, contract, yearMonth);
            ReportStore.Revision latest = ReportStore.latestRevision(db, tenant, contract, yearMonth).orElseThrow();
            return RestResponse.status(result.stored() ? RestResponse.Status.CREATED : RestResponse.Status.OK,
                    RegeneratedReport.of(result.stored(), ReportRevisionView.of(latest)));
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
        QueryParameters.contract(contract, false);
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
}
