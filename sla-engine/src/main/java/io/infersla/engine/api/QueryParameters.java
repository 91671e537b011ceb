package io.infersla.engine.api;

import java.util.List;

/**
 * Path and query parameters read as text and checked here, so a bad one answers 400 naming it
 * (JAX-RS would answer a failed conversion with a bare 404).
 */
final class QueryParameters {

    /** What PUT accepts as a contract's name, so no other value can name a stored contract. */
    static final String CONTRACT_NAME = "[a-z0-9][a-z0-9_.-]{0,63}";

    private QueryParameters() {
    }

    /**
     * A contract's name in the path or ({@code query} true) a query: checked before it reaches a
     * query, so that a value PostgreSQL cannot even compare (a NUL) is the caller's 400, not a 5xx.
     */
    static String contract(String value, boolean query) {
        if (value != null && !value.matches(CONTRACT_NAME)) {
            throw ApiProblem.badRequest((query ? "query" : "path") + " parameter contract must be a contract name matching "
                    + CONTRACT_NAME + ", was '" + value + "'", List.of());
        }
        return value;
    }

    /** null when absent. */
    static Boolean trueOrFalse(String name, String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiProblem.badRequest("query parameter " + name + " must be true or false, was '" + value + "'",
                    List.of());
        };
    }

    static int integer(String name, String value, int absent, int min, int max) {
        if (value == null) {
            return absent;
        }
        // at most ten digits, so the parse below never overflows before the range check
        if (!value.matches("-?[0-9]{1,10}") || Long.parseLong(value) < min || Long.parseLong(value) > max) {
            throw ApiProblem.badRequest("query parameter " + name + " must be an integer " + min + ".." + max
                    + ", was '" + value + "'", List.of());
        }
        return Integer.parseInt(value);
    }

    /** A database id in a path: 1, 2, ... */
    static long id(String name, String value) {
        if (!value.matches("[1-9][0-9]{0,17}")) {
            throw ApiProblem.badRequest("path parameter " + name + " must be an id (1, 2, ...), was '" + value + "'", List.of());
        }
        return Long.parseLong(value);
    }
}
