package io.infersla.engine.api;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every refusal in one JSON shape, {@link ApiError}: the API's own ({@link ApiProblem}) and those
 * the HTTP layer makes before a route runs (no such route, method, media type), so a client never
 * has to parse an HTML page or an empty body.
 */
public class ApiErrors {

    private static final Logger LOG = Logger.getLogger(ApiErrors.class);
    static final String ROUTES = "the routes are listed in the OpenAPI document at /q/openapi";

    @ServerExceptionMapper
    public Response refused(ApiProblem problem) {
        Response.ResponseBuilder response = json(problem.status, problem.body());
        if (problem.status == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"infersla\"");
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response noRoute(NotFoundException e, UriInfo uri, Request request) {
        return json(404, new ApiError("no route " + request.getMethod() + " /" + uri.getPath().replaceFirst("^/", "")
                + "; " + ROUTES, List.of())).build();
    }

    /** The HTTP layer does not say which methods the path takes, so {@link ApiRoutes} does. */
    @ServerExceptionMapper
    public Response methodNotAllowed(NotAllowedException e, UriInfo uri, Request request) {
        String path = "/" + uri.getPath().replaceFirst("^/", "");
        Set<String> allowed = ApiRoutes.methods(path);
        return json(405, new ApiError("method " + request.getMethod() + " is not allowed on " + path + "; allowed: "
                + String.join(", ", allowed), List.of())).allow(allowed).build();
    }

    @ServerExceptionMapper
    public Response unsupportedBody(NotSupportedException e, HttpHeaders headers) {
        MediaType type = headers.getMediaType();
        return json(415, new ApiError("the request body must be application/json, Content-Type was "
                + (type == null ? "not set" : "'" + type.getType() + "/" + type.getSubtype() + "'"), List.of())).build();
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e, HttpHeaders headers) {
        return json(406, new ApiError("this route answers application/json; Accept was '"
                + headers.getHeaderString(HttpHeaders.ACCEPT) + "'", List.of())).build();
    }

    @ServerExceptionMapper
    public Response otherHttp(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        return json(status, new ApiError(e.getMessage(), List.of())).build();
    }

    /**
     * A Content-Type or Accept that is not a media type at all: the HTTP layer would fail parsing it
     * while it chooses the method (a 500 with its stack trace); it is the caller's 415 or 406.
     */
    @ServerRequestFilter(preMatching = true)
    public Optional<Response> unreadableMediaTypes(ContainerRequestContext request) {
        String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && !isMediaType(contentType)) {
            return Optional.of(json(415, new ApiError("the request body must be application/json, Content-Type was '"
                    + contentType + "', which is not a media type", List.of())).build());
        }
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        if (accept != null && !Arrays.stream(accept.split(",")).allMatch(t -> t.isBlank() || isMediaType(t.trim()))) {
            return Optional.of(json(406, new ApiError("Accept was '" + accept + "', which is not a list of media types",
                    List.of())).build());
        }
        return Optional.empty();
    }

    private static boolean isMediaType(String text) {
        try {
            MediaType.valueOf(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A bug, not the caller's fault: logged in full, answered without internals. */
    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("request failed", e);
        return json(500, new ApiError("internal error; the engine's log has the details", List.of())).build();
    }

    private static Response.ResponseBuilder json(int status, ApiError body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
    }
}
