package io.infersla.engine.api;

import java.util.List;

/** A request the API refuses: the HTTP status, a message and every problem found ({@link ApiErrors} writes it). */
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

    ApiError body() {
        return new ApiError(getMessage(), problems);
    }
}
