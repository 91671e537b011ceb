package io.infersla.engine.api;

import io.infersla.core.json.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A request the API refuses: the HTTP status, a message and every problem found, as JSON. */
final class ApiProblem extends RuntimeException {

    final int status;
    final List<String> problems;

    ApiProblem(int status, String message, List<String> problems) {
        super(message);
        this.status = status;
        this.problems = List.copyOf(problems);
    }

    static ApiProblem badRequest(String message, List<String> problems) {
        return new ApiProblem(400, message, problems);
    }

    /** The SQL state only: a driver's message may quote the row, and a row may hold a secret. */
    static ApiProblem databaseUnavailable(java.sql.SQLException e) {
        return new ApiProblem(503, "the database is not available: " + e.getSQLState(), List.of());
    }

    static ApiProblem notFound(String message) {
        return new ApiProblem(404, message, List.of());
    }

    @Provider
    public static final class Mapper implements ExceptionMapper<ApiProblem> {
        @Override
        public Response toResponse(ApiProblem problem) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", problem.getMessage());
            if (!problem.problems.isEmpty()) {
                body.put("problems", problem.problems);
            }
            Response.ResponseBuilder response = Response.status(problem.status).type(MediaType.APPLICATION_JSON)
                    .entity(Json.write(body));
            if (problem.status == 401) {
                response.header("WWW-Authenticate", "Bearer realm=\"infersla\"");
            }
            return response.build();
        }
    }
}
