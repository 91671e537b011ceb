package io.infersla.engine.api;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Adds to every {@code /api/v1} operation of the OpenAPI document the refusals any route can give
 * (no token, database down, a bug), and the bearer scheme: writing them on each method would bury
 * what is particular to it. Registered by {@code mp.openapi.filter} in application.properties.
 */
public class ApiErrorResponses implements OASFilter {

    static final String BEARER = "bearer";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSecurityScheme(BEARER, OASFactory.createSecurityScheme()
                .type(org.eclipse.microprofile.openapi.models.security.SecurityScheme.Type.HTTP).scheme("bearer")
                .description("Authorization: Bearer <token>; the token decides the tenant (docs/api.md)."));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            if (!path.getKey().startsWith("/api/v1/")) {
                continue;
            }
            // the catalog is built in, not read from the database
            boolean readsDatabase = !path.getKey().equals("/api/v1/catalog");
            for (Operation operation : path.getValue().getOperations().values()) {
                operation.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(BEARER));
                APIResponses responses = operation.getResponses();
                addIfAbsent(responses, "401", "No valid bearer token (WWW-Authenticate: Bearer realm=\"infersla\").");
                if (readsDatabase) {
                    addIfAbsent(responses, "503", "The database is not available (its SQL state only).");
                }
                addIfAbsent(responses, "500", "An internal error; the engine's log has the details.");
            }
        }
    }

    private static void addIfAbsent(APIResponses responses, String code, String description) {
        if (responses.hasAPIResponse(code)) {
            return;
        }
        APIResponse response = OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType("application/json", OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref("ApiError"))));
        responses.addAPIResponse(code, response);
    }
}
