package io.infersla.engine.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /q/openapi documents every API route with its body schemas and its error responses. */
@QuarkusTest
class OpenApiDocumentTest {

    private static JsonPath document() {
        return given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void everyResponseOfEveryRouteHasASchema() {
        Map<String, Map<String, Map<String, Object>>> paths = document().getMap("paths");
        List<String> missing = new ArrayList<>();
        int responses = 0;
        for (var path : paths.entrySet()) {
            for (var operation : path.getValue().entrySet()) {
                @SuppressWarnings("unchecked")
                Map<String, Map<String, Object>> byStatus = (Map<String, Map<String, Object>>) operation.getValue().get("responses");
                if (byStatus == null || byStatus.isEmpty()) {
                    missing.add(route(operation.getKey(), path.getKey()) + ": no responses");
                    continue;
                }
                for (var response : byStatus.entrySet()) {
                    responses++;
                    if (response.getKey().equals("204") || response.getKey().equals("304")) {
                        continue;
                    }
                    if (!hasSchemas(response.getValue())) {
                        missing.add(route(operation.getKey(), path.getKey()) + " " + response.getKey() + ": no schema");
                    }
                }
            }
        }
        assertThat(missing).as("responses without a schema").isEmpty();
        assertThat(responses).isGreaterThan(40);
    }

    @Test
    void everyApiRouteIsDocumentedWithItsErrorsAndABodyTakingRouteWithItsRequestSchema() {
        Map<String, Map<String, Map<String, Object>>> paths = document().getMap("paths");
        List<String> problems = new ArrayList<>();
        int routes = 0;
        for (Class<?> resource : ApiRoutes.RESOURCES) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getDeclaredMethods()) {
                String verb = verb(method);
                if (verb == null) {
                    continue;
                }
                routes++;
                Path sub = method.getAnnotation(Path.class);
                String path = base + (sub == null ? "" : sub.value());
                Map<String, Object> operation = paths.getOrDefault(path, Map.of()).get(verb);
                if (operation == null) {
                    problems.add(route(verb, path) + ": not in the document");
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) operation.get("responses");
                for (String error : List.of("401", "500")) {
                    if (!responses.containsKey(error)) {
                        problems.add(route(verb, path) + ": no " + error + " response");
                    }
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> requestBody = (Map<String, Object>) operation.get("requestBody");
                if (takesBody(method) && (requestBody == null || !hasSchemas(requestBody))) {
                    problems.add(route(verb, path) + ": takes a body but has no requestBody schema");
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(routes).isEqualTo(13);
        // a resource class missing from ApiRoutes.RESOURCES would escape the checks above and the 405's Allow header
        for (String path : paths.keySet()) {
            if (path.startsWith("/api/")) {
                assertThat(ApiRoutes.methods(path)).as(path + " is served by a class in ApiRoutes.RESOURCES").isNotEmpty();
            }
        }
    }

    @Test
    void theErrorBodyIsDocumentedWithItsTwoFields() {
        Map<String, Object> schema = document().getMap("components.schemas.ApiError.properties");
        assertThat(schema).containsOnlyKeys("error", "problems");
    }

    /** Every media type of a response or request body names a schema (a $ref or an inline one). */
    @SuppressWarnings("unchecked")
    private static boolean hasSchemas(Map<String, Object> responseOrBody) {
        Map<String, Map<String, Object>> content = (Map<String, Map<String, Object>>) responseOrBody.get("content");
        if (content == null || content.isEmpty()) {
            return false;
        }
        return content.values().stream().allMatch(media -> media.get("schema") instanceof Map<?, ?> s && !s.isEmpty());
    }

    /** A JAX-RS method takes a body when one of its parameters carries no JAX-RS annotation. */
    private static boolean takesBody(Method method) {
        for (Parameter parameter : method.getParameters()) {
            boolean annotated = false;
            for (Annotation a : parameter.getAnnotations()) {
                annotated |= a.annotationType().getPackageName().equals("jakarta.ws.rs");
            }
            if (!annotated) {
                return true;
            }
        }
        return false;
    }

    private static String verb(Method method) {
        for (Class<? extends Annotation> verb : List.of(GET.class, PUT.class, POST.class, DELETE.class)) {
            if (method.isAnnotationPresent(verb)) {
                return verb.getSimpleName().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static String route(String verb, String path) {
        return verb.toUpperCase(Locale.ROOT) + " " + path;
    }
}
