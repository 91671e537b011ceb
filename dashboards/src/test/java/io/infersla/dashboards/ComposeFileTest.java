package io.infersla.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml brings up a working stack with no manual step only if its images are pinned,
 * every file it mounts is in the repository, no two services claim a host port, and the
 * environment it gives ingest and the engine is configuration they read. The last is checked
 * against the apps' {@code @ConfigMapping} interfaces (IngestConfig, EngineConfig), read from source.
 */
class ComposeFileTest {

    private static final Path REPO = Path.of(System.getProperty("basedir", ".")).resolve("..").normalize();
    private static final Path COMPOSE = REPO.resolve("docker-compose.yml");
    private static final Path DOCKER_COMPOSE = Path.of("/usr/bin/docker-compose");

    /** The app services and where their configuration mapping is. */
    private static final Map<String, Path> CONFIG = Map.of(
            "ingest", REPO.resolve("ingest/src/main/java/io/infersla/ingest/config/IngestConfig.java"),
            "sla-engine", REPO.resolve("sla-engine/src/main/java/io/infersla/engine/app/EngineConfig.java"));

    @TempDir
    Path work;

    private static JsonNode services() {
        return GrafanaLayout.readYaml(COMPOSE).path("services");
    }

    @Test
    void everyImageIsPinnedToAVersion() {
        List<String> unpinned = new ArrayList<>();
        services().properties().forEach(s -> {
            String image = s.getValue().path("image").asText("");
            String tag = image.contains("@sha256:") ? "digest" : image.substring(image.lastIndexOf('/') + 1).contains(":")
                    ? image.substring(image.lastIndexOf(':') + 1) : "";
            if (tag.isEmpty() || tag.equals("latest") || tag.contains("$")) {
                unpinned.add(s.getKey() + ": '" + image + "'");
            }
        });
        assertEquals(List.of(), unpinned, "images without a fixed version");
    }

    @Test
    void everyMountedFileOrFolderIsInTheRepository() {
        List<String> missing = new ArrayList<>();
        Set<String> namedVolumes = new LinkedHashSet<>();
        GrafanaLayout.readYaml(COMPOSE).path("volumes").fieldNames().forEachRemaining(namedVolumes::add);
        services().properties().forEach(s -> s.getValue().path("volumes").forEach(v -> {
            String source = v.asText().split(":")[0];
            if (source.startsWith(".")) {
                if (!Files.exists(REPO.resolve(source).normalize())) {
                    missing.add(s.getKey() + ": " + source);
                }
            } else if (!namedVolumes.contains(source)) {
                missing.add(s.getKey() + ": named volume " + source + " is not declared");
            }
        }));
        assertEquals(List.of(), missing, "mounts whose source does not exist");
        // Prometheus loads its rules from the mounted folder by their container path.
        JsonNode prometheus = services().path("prometheus");
        assertTrue(prometheus.path("volumes").toString().contains("./dashboards/src/main/resources/prometheus:/etc/prometheus/infersla"),
                "prometheus must mount dashboards/src/main/resources/prometheus at /etc/prometheus/infersla: " + prometheus.path("volumes"));
    }

    @Test
    void noTwoServicesPublishTheSameHostPort() {
        Map<String, String> byPort = new HashMap<>();
        List<String> clashes = new ArrayList<>();
        services().properties().forEach(s -> s.getValue().path("ports").forEach(p -> {
            String[] parts = p.asText().split(":");
            String hostPort = parts.length >= 2 ? parts[parts.length - 2] : parts[0];
            String previous = byPort.putIfAbsent(hostPort, s.getKey());
            if (previous != null) {
                clashes.add(hostPort + ": " + previous + " and " + s.getKey());
            }
        }));
        assertEquals(List.of(), clashes);
    }

    @Test
    void theAppsEnvironmentIsConfigurationTheyRead() throws IOException {
        List<String> unknown = new ArrayList<>();
        for (var app : CONFIG.entrySet()) {
            Set<String> properties = ConfigMappingSource.properties(Files.readString(app.getValue()));
            assertTrue(properties.size() > 10, app.getKey() + ": too few properties parsed from " + app.getValue() + ": " + properties);
            JsonNode environment = services().path(app.getKey()).path("environment");
            assertTrue(environment.isObject() && environment.size() > 0, app.getKey() + " has no environment");
            environment.properties().forEach(e -> {
                String key = e.getKey();
                if (key.equals("JAVA_OPTS_APPEND")) {
                    // -Dinfersla.* system properties set there
                    Matcher m = Pattern.compile("-D(infersla\\.[^=\\s]+)=").matcher(e.getValue().asText());
                    while (m.find()) {
                        String property = m.group(1).replaceAll("\\$\\{[^}]*}", "x");
                        if (properties.stream().noneMatch(p -> ConfigMappingSource.matches(p, property))) {
                            unknown.add(app.getKey() + ": -D" + m.group(1));
                        }
                    }
                } else if (properties.stream().noneMatch(p -> ConfigMappingSource.environmentName(p).equals(key)
                        || (p.contains("*") && key.startsWith(ConfigMappingSource.environmentName(p.substring(0, p.indexOf('*'))))))) {
                    unknown.add(app.getKey() + ": " + key);
                }
            });
        }
        assertEquals(List.of(), unknown, "environment the apps do not read");
    }

    @Test
    void aComposeImplementationAcceptsTheFile() throws Exception {
        assertTrue(Files.isExecutable(DOCKER_COMPOSE), DOCKER_COMPOSE + " is missing: install Debian's package "
                + "`docker-compose` (apt-get install docker-compose; scripts/test-setup does)");
        // Debian's docker-compose 1.29 predates the top-level `name` of the Compose Specification: it
        // validates everything else in a copy without that line.
        List<String> lines = Files.readAllLines(COMPOSE);
        assertTrue(lines.remove("name: infersla"), "docker-compose.yml should name the project infersla");
        Path copy = work.resolve("docker-compose.yml");
        Files.write(copy, lines);
        ProcessBuilder pb = new ProcessBuilder(DOCKER_COMPOSE.toString(), "-f", copy.toString(),
                "--project-directory", REPO.toString(), "config", "-q").redirectErrorStream(true);
        pb.environment().put("INFERSLA_TOKEN_SHA256", "0".repeat(64));
        pb.environment().put("INFERSLA_SECRETS_KEY", java.util.Base64.getEncoder().encodeToString(new byte[32]));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "docker-compose config did not finish");
        assertEquals(0, p.exitValue(), "docker-compose config refused docker-compose.yml:\n" + out);
    }

    /** The property names of a Quarkus {@code @ConfigMapping} interface, from its source. */
    static final class ConfigMappingSource {

        private static final Pattern INTERFACE = Pattern.compile("^\\s*(?:public\\s+)?interface\\s+(\\w+)");
        private static final Pattern METHOD = Pattern.compile("^\\s*([\\w.<>, ]+?)\\s+(\\w+)\\(\\);");
        private static final Pattern WITH_NAME = Pattern.compile("@WithName\\(\"([^\"]+)\"\\)");
        private static final Pattern PREFIX = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"\\)");

        private ConfigMappingSource() {
        }

        static Set<String> properties(String source) {
            Map<String, Map<String, String>> members = new TreeMap<>();
            Deque<String> stack = new ArrayDeque<>();
            Deque<Integer> depthOf = new ArrayDeque<>();
            String root = null;
            String pendingName = null;
            int depth = 0;
            Matcher prefix = PREFIX.matcher(source);
            String rootPrefix = prefix.find() ? prefix.group(1) : "";
            for (String line : source.split("\n")) {
                Matcher i = INTERFACE.matcher(line);
                if (i.find()) {
                    stack.push(i.group(1));
                    depthOf.push(depth);
                    members.putIfAbsent(i.group(1), new TreeMap<>());
                    if (root == null) {
                        root = i.group(1);
                    }
                }
                Matcher n = WITH_NAME.matcher(line);
                if (n.find()) {
                    pendingName = n.group(1);
                }
                Matcher m = METHOD.matcher(line);
                if (m.find() && !stack.isEmpty() && !line.contains("default ")) {
                    String name = pendingName != null ? pendingName : kebab(m.group(2));
                    members.get(stack.peek()).put(name, m.group(1).trim());
                    pendingName = null;
                }
                for (char c : line.toCharArray()) {
                    if (c == '{') {
                        depth++;
                    } else if (c == '}') {
                        depth--;
                        if (!depthOf.isEmpty() && depth == depthOf.peek()) {
                            stack.pop();
                            depthOf.pop();
                        }
                    }
                }
            }
            Set<String> out = new TreeSet<>();
            collect(members, root, rootPrefix, out, 0);
            return out;
        }

        private static void collect(Map<String, Map<String, String>> members, String type, String path, Set<String> out, int level) {
            if (level > 5) {
                return;
            }
            for (var member : members.getOrDefault(type, Map.of()).entrySet()) {
                String returnType = member.getValue().replaceAll("^Optional<(.*)>$", "$1").replaceAll("^(java\\.util\\.)?List<(.*)>$", "$2");
                String property = path + "." + member.getKey();
                if (returnType.matches("(java\\.util\\.)?Map<.*")) {
                    out.add(property + ".*");
                } else if (members.containsKey(returnType)) {
                    collect(members, returnType, property, out, level + 1);
                } else {
                    out.add(property);
                }
            }
        }

        static String kebab(String camel) {
            return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
        }

        /** MicroProfile Config's environment variable for a property: non-alphanumerics to _, upper case. */
        static String environmentName(String property) {
            return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
        }

        static boolean matches(String pattern, String property) {
            return pattern.endsWith(".*") ? property.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(property);
        }
    }
}
