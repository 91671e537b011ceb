package io.infersla.engine.api;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The API's routes, read from its resource classes: which methods a path takes. */
final class ApiRoutes {

    static final List<Class<?>> RESOURCES =
            List.of(CatalogResource.class, ContractsResource.class, MonitoringResource.class, ReportsResource.class);
    private static final List<Class<? extends Annotation>> VERBS = List.of(GET.class, PUT.class, POST.class, DELETE.class);
    /** Path template as a pattern ({name} matches one segment) to the methods it takes. */
    private static final Map<String, Set<String>> ROUTES = routes();

    private ApiRoutes() {
    }

    /** The methods a concrete path takes (HEAD with GET, as JAX-RS serves it); empty when no route matches. */
    static Set<String> methods(String path) {
        Set<String> methods = new TreeSet<>();
        ROUTES.forEach((pattern, verbs) -> {
            if (Pattern.matches(pattern, path)) {
                methods.addAll(verbs);
            }
        });
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        return methods;
    }

    private static Map<String, Set<String>> routes() {
        Map<String, Set<String>> routes = new TreeMap<>();
        for (Class<?> resource : RESOURCES) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getDeclaredMethods()) {
                for (Class<? extends Annotation> verb : VERBS) {
                    if (method.isAnnotationPresent(verb)) {
                        Path sub = method.getAnnotation(Path.class);
                        String template = base + (sub == null ? "" : sub.value());
                        String pattern = Pattern.quote(template).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
                        routes.computeIfAbsent(pattern, p -> new TreeSet<>()).add(verb.getSimpleName());
                    }
                }
            }
        }
        return routes;
    }
}
