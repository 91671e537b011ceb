package io.infersla.ingest.mapping;

import java.util.Objects;

/**
 * Gives spans without {@code sla.category} a category by what they are: every matcher that is
 * set must equal the span's value (service name, model, GenAI operation name). Routes are tried
 * in order; the first match wins.
 */
public record CategoryRoute(String service, String model, String operation, String category) {

    public CategoryRoute {
        service = emptyToNull(service);
        model = emptyToNull(model);
        operation = emptyToNull(operation);
        Objects.requireNonNull(category, "category");
        if (service == null && model == null && operation == null) {
            throw new IllegalArgumentException("a route to category '" + category
                    + "' needs at least one of service, model, operation");
        }
    }

    boolean matches(String spanService, String spanModel, String spanOperation) {
        return (service == null || service.equals(spanService))
                && (model == null || model.equals(spanModel))
                && (operation == null || operation.equals(spanOperation));
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
