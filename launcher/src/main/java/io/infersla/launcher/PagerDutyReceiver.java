package io.infersla.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.infersla.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for PagerDuty's Events API v2 on 127.0.0.1, used when no {@code --pagerduty-url} is
 * given: {@code POST /v2/enqueue} is checked against the documented event shape
 * (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/), answered as PagerDuty
 * answers (202 with {@code dedup_key}, 400 {@code invalid event} with the errors), and printed
 * on the console, so the local stack shows what would have paged. A fault run
 * ({@code ./infersla chaos}) scripts its answers instead ({@link #answerWith}): PagerDuty down
 * (500) or throttling (429 with {@code Retry-After}), so that the engine's retries are exercised
 * against the same receiver that records what was finally delivered.
 */
final class PagerDutyReceiver implements AutoCloseable {

    static final String PATH = "/v2/enqueue";
    private static final Set<String> ACTIONS = Set.of("trigger", "acknowledge", "resolve");
    private static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");

    /** One accepted event, as the console shows it, and when it arrived (benchmarks time alerts by it). */
    record Event(String action, String dedupKey, String severity, String summary, Instant receivedAt) {
    }

    /**
     * What the receiver answers every request with, whatever it holds: {@link #PAGERDUTY} checks
     * and accepts as PagerDuty does; any other status refuses without looking at the event.
     */
    record Answer(int status, Optional<Duration> retryAfter) {
        static final Answer PAGERDUTY = new Answer(202, Optional.empty());

        static Answer serverError() {
            return new Answer(500, Optional.empty());
        }

        static Answer throttled(Duration retryAfter) {
            return new Answer(429, Optional.of(retryAfter));
        }
    }

    private final HttpServer server;
    private final PrintStream console;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final AtomicLong refusedByScript = new AtomicLong();
    private volatile Answer answer = Answer.PAGERDUTY;

    private PagerDutyReceiver(HttpServer server, PrintStream console) {
        this.server = server;
        this.console = console;
    }

    static PagerDutyReceiver start(PrintStream console) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(Ports.LOOPBACK), 0), 16);
            PagerDutyReceiver receiver = new PagerDutyReceiver(server, console);
            server.createContext(PATH, receiver::handle);
            server.setExecutor(Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "pagerduty-receiver");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the local PagerDuty receiver: " + e.getMessage(), e);
        }
    }

    /** The base URL to configure as the PagerDuty URL (events go to {@code {url}/v2/enqueue}). */
    URI url() {
        return URI.create("http://" + Ports.LOOPBACK + ":" + server.getAddress().getPort());
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    /** From now on every request is answered so (until the next call). */
    void answerWith(Answer answer) {
        this.answer = answer;
    }

    /** Requests refused because of {@link #answerWith} (the engine retries them). */
    long refusedByScript() {
        return refusedByScript.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                respond(exchange, 405, Map.of("status", "invalid request", "message", "POST only"));
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Answer scripted = answer;
            if (scripted.status() != Answer.PAGERDUTY.status()) {
                refusedByScript.incrementAndGet();
                scripted.retryAfter().ifPresent(d -> exchange.getResponseHeaders().set("Retry-After", Long.toString(d.toSeconds())));
                // PagerDuty's documented bodies for these two answers.
                respond(exchange, scripted.status(), scripted.status() == 429
                        ? Map.of("status", "throttle event", "message", "Requests for this service are arriving too quickly.")
                        : Map.of("status", "error", "message", "Internal server error"));
                return;
            }
            List<String> errors = new ArrayList<>();
            Map<?, ?> event = null;
            try {
                Object parsed = Json.parse("PagerDuty event", body);
                if (parsed instanceof Map<?, ?> map) {
                    event = map;
                } else {
                    errors.add("the body must be a JSON object");
                }
            } catch (RuntimeException e) {
                errors.add("the body is not JSON: " + e.getMessage());
            }
            if (event != null) {
                errors.addAll(check(event));
            }
            if (!errors.isEmpty()) {
                console.println("pagerduty (local): refused an event: " + String.join("; ", errors));
                respond(exchange, 400, Map.of("status", "invalid event", "message", "Event object is invalid", "errors", errors));
                return;
            }
            Map<?, ?> payload = event.get("payload") instanceof Map<?, ?> p ? p : Map.of();
            Event accepted = new Event(String.valueOf(event.get("event_action")), String.valueOf(event.get("dedup_key")),
                    String.valueOf(payload.get("severity")), String.valueOf(payload.get("summary")), Instant.now());
            events.add(accepted);
            console.println("pagerduty (local): " + accepted.action()
                    + (accepted.action().equals("trigger") ? " " + accepted.severity() : "")
                    + " dedup_key=" + accepted.dedupKey()
                    + (accepted.action().equals("trigger") ? ": " + accepted.summary() : ""));
            respond(exchange, 202, Map.of("status", "success", "message", "Event processed", "dedup_key", accepted.dedupKey()));
        }
    }

    /** The documented rules of an Events API v2 event; empty when it is valid. */
    static List<String> check(Map<?, ?> event) {
        List<String> errors = new ArrayList<>();
        Object key = event.get("routing_key");
        if (!(key instanceof String k) || k.length() != 32) {
            errors.add("routing_key must be a 32-character string");
        }
        Object action = event.get("event_action");
        if (!(action instanceof String a) || !ACTIONS.contains(a)) {
            errors.add("event_action must be one of trigger, acknowledge, resolve");
            return errors;
        }
        Object dedup = event.get("dedup_key");
        if (dedup != null && (!(dedup instanceof String d) || d.isEmpty() || d.length() > 255)) {
            errors.add("dedup_key must be a string of 1 to 255 characters");
        }
        if (!action.equals("trigger")) {
            if (dedup == null) {
                errors.add("dedup_key is required to " + action);
            }
            return errors;
        }
        if (!(event.get("payload") instanceof Map<?, ?> payload)) {
            errors.add("payload must be an object");
            return errors;
        }
        if (!(payload.get("summary") instanceof String s) || s.isEmpty() || s.length() > 1024) {
            errors.add("payload.summary must be a string of 1 to 1024 characters");
        }
        if (!(payload.get("source") instanceof String src) || src.isEmpty()) {
            errors.add("payload.source must be a non-empty string");
        }
        if (!(payload.get("severity") instanceof String sev) || !SEVERITIES.contains(sev)) {
            errors.add("payload.severity must be one of critical, error, warning, info");
        }
        return errors;
    }

    private static void respond(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
