package io.infersla.alerting.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.infersla.core.json.Json;
import io.infersla.core.json.JsonException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * A stand-in for PagerDuty's Events API v2 on loopback. Every {@code POST /v2/enqueue} is checked
 * against the documented schema (https://developer.pagerduty.com/api-reference/368ae3d938c9e-send-an-event-to-pager-duty):
 * required fields, enums, lengths and types. An invalid event gets PagerDuty's 400 answer; a
 * valid one the next scripted answer (default 202). Valid and invalid requests are both kept.
 */
public final class PagerDutyServer implements AutoCloseable {

    /** A scripted answer. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public static Answer accepted() {
            return new Answer(202, Map.of(), "{\"status\":\"success\",\"message\":\"Event processed\"}");
        }

        public static Answer status(int status) {
            return new Answer(status, Map.of(), "{\"status\":\"error\"}");
        }
    }

    /** One request as received. */
    public record Request(Map<String, Object> body, List<String> violations, int answeredWith, String rawBody,
            long receivedNanos) {
        public String eventAction() {
            return (String) body.get("event_action");
        }

        public String dedupKey() {
            return (String) body.get("dedup_key");
        }

        public String routingKey() {
            return (String) body.get("routing_key");
        }
    }

    static final Set<String> TOP_LEVEL = Set.of("routing_key", "event_action", "dedup_key", "payload", "images", "links",
            "client", "client_url");
    static final Set<String> PAYLOAD = Set.of("summary", "source", "severity", "timestamp", "component", "group", "class",
            "custom_details");
    static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");
    static final Set<String> ACTIONS = Set.of("trigger", "acknowledge", "resolve");

    private final HttpServer server;
    private final ExecutorService executor;
    private final Deque<Answer> script = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final AtomicInteger acceptedCount = new AtomicInteger();
    private volatile Answer otherwise = Answer.accepted();

    public PagerDutyServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        executor = Executors.newFixedThreadPool(8);
        server.setExecutor(executor);
        server.createContext("/v2/enqueue", this::handle);
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code times} valid requests get {@code answer}, after what is already scripted. */
    public PagerDutyServer thenAnswer(Answer answer, int times) {
        for (int i = 0; i < times; i++) {
            script.addLast(answer);
        }
        return this;
    }

    /** What valid requests get once the script is used up. */
    public PagerDutyServer otherwise(Answer answer) {
        otherwise = answer;
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> accepted() {
        return requests.stream().filter(r -> r.answeredWith() == 202).toList();
    }

    /** How many requests were answered 202, without copying them (for polling loops). */
    public int acceptedCount() {
        return acceptedCount.get();
    }

    public void reset() {
        requests.clear();
        acceptedCount.set(0);
        script.clear();
        otherwise = Answer.accepted();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long receivedNanos = System.nanoTime();
            byte[] raw = exchange.getRequestBody().readAllBytes();
            String text = new String(raw, StandardCharsets.UTF_8);
            List<String> violations = new ArrayList<>();
            Map<String, Object> body = Map.of();
            if (!"POST".equals(exchange.getRequestMethod())) {
                violations.add("method must be POST, was " + exchange.getRequestMethod());
            }
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type == null || !type.startsWith("application/json")) {
                violations.add("Content-Type must be application/json, was " + type);
            }
            try {
                Object parsed = Json.parse("request", text);
                if (parsed instanceof Map<?, ?> map) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) map;
                    body = m;
                    violations.addAll(validate(m));
                } else {
                    violations.add("body must be a JSON object");
                }
            } catch (JsonException e) {
                violations.add("body is not JSON: " + e.getMessage());
            }
            Answer answer;
            if (!violations.isEmpty()) {
                answer = new Answer(400, Map.of(), "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\","
                        + "\"errors\":" + Json.write(violations).strip() + "}");
            } else {
                Answer next = script.pollFirst();
                answer = next != null ? next : otherwise;
            }
            requests.add(new Request(body, List.copyOf(violations), answer.status(), text, receivedNanos));
            if (answer.status() == 202) {
                acceptedCount.incrementAndGet();
            }
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        }
    }

    /** The documented schema of an Events API v2 event. */
    static List<String> validate(Map<String, Object> e) {
        List<String> v = new ArrayList<>();
        for (String key : e.keySet()) {
            if (!TOP_LEVEL.contains(key)) {
                v.add("unknown field " + key);
            }
        }
        string(e, "routing_key", true, 32, v);
        if (e.get("routing_key") instanceof String key && key.length() != 32) {
            v.add("routing_key must be 32 characters, was " + key.length());
        }
        string(e, "event_action", true, Integer.MAX_VALUE, v);
        Object action = e.get("event_action");
        if (action instanceof String a && !ACTIONS.contains(a)) {
            v.add("event_action must be one of " + ACTIONS + ", was " + a);
        }
        string(e, "dedup_key", !"trigger".equals(action), 255, v);
        string(e, "client", false, Integer.MAX_VALUE, v);
        string(e, "client_url", false, Integer.MAX_VALUE, v);
        if (e.containsKey("links")) {
            if (!(e.get("links") instanceof List<?> links)) {
                v.add("links must be an array");
            } else {
                for (Object link : links) {
                    if (!(link instanceof Map<?, ?> l) || !(l.get("href") instanceof String)) {
                        v.add("links[] must be objects with a string href");
                    }
                }
            }
        }
        if ("trigger".equals(action)) {
            if (!(e.get("payload") instanceof Map<?, ?> p)) {
                v.add("payload is required for trigger and must be an object");
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> payload = (Map<String, Object>) p;
                for (String key : payload.keySet()) {
                    if (!PAYLOAD.contains(key)) {
                        v.add("unknown field payload." + key);
                    }
                }
                string(payload, "summary", true, 1024, v);
                string(payload, "source", true, 255, v);
                string(payload, "severity", true, Integer.MAX_VALUE, v);
                if (payload.get("severity") instanceof String s && !SEVERITIES.contains(s)) {
                    v.add("payload.severity must be one of " + SEVERITIES + ", was " + s);
                }
                string(payload, "timestamp", false, Integer.MAX_VALUE, v);
                if (payload.get("timestamp") instanceof String ts) {
                    try {
                        OffsetDateTime.parse(ts);
                    } catch (DateTimeParseException ex) {
                        v.add("payload.timestamp must be ISO 8601, was " + ts);
                    }
                }
                string(payload, "component", false, Integer.MAX_VALUE, v);
                string(payload, "group", false, Integer.MAX_VALUE, v);
                string(payload, "class", false, Integer.MAX_VALUE, v);
                if (payload.containsKey("custom_details") && !(payload.get("custom_details") instanceof Map)) {
                    v.add("payload.custom_details must be an object");
                }
            }
        } else if (e.containsKey("payload") && !(e.get("payload") instanceof Map)) {
            v.add("payload must be an object");
        }
        return v;
    }

    private static void string(Map<String, Object> m, String key, boolean required, int maxLength, List<String> v) {
        Object value = m.get(key);
        if (value == null) {
            if (required) {
                v.add(key + " is required");
            }
            return;
        }
        if (!(value instanceof String s)) {
            v.add(key + " must be a string");
            return;
        }
        if (s.isEmpty() && required) {
            v.add(key + " must not be empty");
        }
        if (s.length() > maxLength) {
            v.add(key + " must be at most " + maxLength + " characters, was " + s.length());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
