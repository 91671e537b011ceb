package io.infersla.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.infersla.core.json.Json;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The REST API fuzzed over the wire, against the real app and a real PostgreSQL: the cases of
 * {@link ApiFuzzInputs} (contract bodies, maintenance-window bodies, path and query parameters).
 * {@code -Dapi-fuzz.cases=N} sets the cases per input (default 2000, 4 to 10 s each) and
 * {@code -Dapi-fuzz.seed} the first seed (not under {@code infersla.}: the engine's configuration
 * refuses keys there it does not know, and system properties are configuration).
 *
 * <p>What must hold for every case: an answer within {@link #CALL_TIMEOUT}, never a 5xx, every
 * refusal the API's JSON error ({@code error}, and {@code problems} naming each problem of a body
 * by its path); a parameter the case made invalid is a 400 that names it; a body that is accepted
 * is stored as it was sent. After each input, everything accepted is still there and identical.
 */
@QuarkusTest
@WithTestResource(ApiDatabase.class)
class ApiFuzzIT {

    static final int CASES = Integer.getInteger("api-fuzz.cases", 2000);
    static final long SEED = Long.getLong("api-fuzz.seed", 0xAF1_0000L);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** Quarkus' default quarkus.http.limits.max-initial-line-length, less room for the method and version. */
    private static final int MAX_INITIAL_LINE = 4096 - 20;
    private static final String AUTHORIZATION = "Bearer " + ApiDatabase.ACME_TOKEN;

    @TestHTTPResource("/")
    URL base;

    /** What the API accepted: each contract's view as answered, each window by id. */
    private final Map<String, Map<String, Object>> contracts = new TreeMap<>();
    private final Map<String, Set<String>> secretNames = new TreeMap<>();
    private final Map<Long, Map<String, Object>> windows = new TreeMap<>();
    private final Map<Integer, Integer> statuses = new TreeMap<>();

    @BeforeEach
    void goldAndSilverExist() throws Exception {
        try (Connection c = ApiDatabase.db.connection(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE sla.alert_outbox, sla.breaches, sla.maintenance_windows, sla.contracts, sla.evaluations,"
                    + " sla.reports CASCADE");
        }
        for (String contract : List.of("gold", "silver")) {
            RawHttp.Response put = send("PUT", "/api/v1/contracts/" + contract, "application/json",
                    "{\"display_name\": \"seed\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(put.status()).as(put.text()).isEqualTo(200);
            accepted(contract, put, Set.of());
        }
    }

    @Test
    void contractBodies() throws Exception {
        long started = System.nanoTime();
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            ApiFuzzInputs.BodyCase fuzzCase = ApiFuzzInputs.contractBody(seed);
            String contract = ApiFuzzInputs.CONTRACTS.get((int) Math.floorMod(seed, (long) ApiFuzzInputs.CONTRACTS.size()));
            RawHttp.Response response = send("PUT", "/api/v1/contracts/" + contract, fuzzCase.contentType(), fuzzCase.body());
            String what = fuzzCase + " → " + response.status() + " " + abbreviated(response.text());
            assertThat(response.status()).as(what).isIn(200, 400, 413, 415);
            if (response.status() == 200) {
                Map<String, Object> sent = sentObject(fuzzCase);
                Map<String, Object> view = object(response, what);
                if (sent != null) {
                    assertThat(view.get("display_name")).as("display_name stored as sent: " + what).isEqualTo(sent.get("display_name"));
                    // null is the field left out
                    assertThat(view.get("time_zone")).as(what).isEqualTo(sent.get("time_zone") == null ? "UTC" : sent.get("time_zone"));
                    assertThat(normalized(view.get("definition"))).as("definition stored as sent: " + what)
                            .isEqualTo(normalized(sent.get("definition") == null ? Map.of() : sent.get("definition")));
                }
                accepted(contract, response, sent == null ? null : secretsSent(sent));
            } else if (response.status() == 400) {
                bodyRefusal(response, what);
            }
        }
        report("contract bodies (PUT /api/v1/contracts/{contract})", started);
        assertThat(statuses.getOrDefault(200, 0)).as("some cases are valid or survive their mutations").isPositive();
        assertThat(statuses.getOrDefault(400, 0)).isPositive();
    }

    @Test
    void maintenanceBodies() throws Exception {
        Instant now = Instant.now();
        long started = System.nanoTime();
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + 1_000_000_000L + i;
            ApiFuzzInputs.BodyCase fuzzCase = ApiFuzzInputs.maintenanceBody(seed, now);
            RawHttp.Response response = send("POST", "/api/v1/contracts/gold/maintenance", fuzzCase.contentType(), fuzzCase.body());
            String what = fuzzCase + " → " + response.status() + " " + abbreviated(response.text());
            assertThat(response.status()).as(what).isIn(201, 400, 413, 415);
            if (response.status() == 201) {
                Map<String, Object> view = object(response, what);
                Map<String, Object> sent = sentObject(fuzzCase);
                if (sent != null) {
                    assertThat(Instant.parse((String) view.get("starts_at"))).as(what).isEqualTo(Instant.parse((String) sent.get("starts_at")));
                    assertThat(Instant.parse((String) view.get("ends_at"))).as(what).isEqualTo(Instant.parse((String) sent.get("ends_at")));
                    for (String field : List.of("service", "category", "model")) {
                        assertThat(view.get(field)).as(field + " stored as sent: " + what).isEqualTo(sent.get(field));
                    }
                    Object reason = sent.get("reason");
                    assertThat(view.get("reason")).as(what).isEqualTo("".equals(reason) ? null : reason);
                }
                assertThat(response.headers().get("location")).as(what).endsWith("/maintenance/" + view.get("id"));
                windows.put(((BigDecimal) view.get("id")).longValueExact(), view);
            } else if (response.status() == 400) {
                bodyRefusal(response, what);
            }
        }
        report("maintenance bodies (POST /api/v1/contracts/{contract}/maintenance)", started);
        assertThat(statuses.getOrDefault(201, 0)).as("some cases are valid or survive their mutations").isPositive();
        assertThat(statuses.getOrDefault(400, 0)).isPositive();
    }

    @Test
    void pathAndQueryParameters() throws Exception {
        Instant start = Instant.now().plusSeconds(86_400).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        RawHttp.Response window = send("POST", "/api/v1/contracts/gold/maintenance", "application/json",
                ("{\"starts_at\": \"" + start + "\", \"ends_at\": \"" + start.plusSeconds(3600) + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(window.status()).as(window.text()).isEqualTo(201);
        Map<String, Object> view = object(window, "the seeded window");
        long windowId = ((BigDecimal) view.get("id")).longValueExact();
        windows.put(windowId, view);
        int judged = 0;
        long started = System.nanoTime();
        for (int i = 0; i < CASES; i++) {
            ApiFuzzInputs.ParameterCase fuzzCase = ApiFuzzInputs.parameters(SEED + 2_000_000_000L + i, windowId);
            boolean put = fuzzCase.method().equals("PUT");
            RawHttp.Response response = send(fuzzCase.method(), fuzzCase.target(), put ? "application/json" : null,
                    fuzzCase.accept(), fuzzCase.authorization() == null ? AUTHORIZATION : fuzzCase.authorization(),
                    put ? "{\"display_name\": \"params\"}".getBytes(StandardCharsets.UTF_8) : null);
            String what = fuzzCase + " → " + response.status() + " " + abbreviated(response.text());
            assertThat(response.status()).as(what).isIn(200, 201, 204, 400, 401, 404, 405, 406, 414);
            if (response.status() == 401) {
                assertThat(fuzzCase.authorization()).as("only an odd token is a 401: " + what).isNotNull();
                assertThat(response.headers().get("www-authenticate")).as(what).isEqualTo("Bearer realm=\"infersla\"");
            }
            if (fuzzCase.bad() != null && fuzzCase.target().length() <= MAX_INITIAL_LINE) {
                judged++;
                assertThat(response.status()).as("a bad parameter is a 400: " + what).isEqualTo(400);
                assertThat((String) object(response, what).get("error")).as("the 400 names the parameter: " + what)
                        .contains(fuzzCase.bad());
            }
            if (response.status() == 204) {
                // an odd id that is a valid one after all (a random "1"): exactly that window is gone
                assertThat(fuzzCase.method()).as(what).isEqualTo("DELETE");
                Set<Long> left = new TreeSet<>();
                RawHttp.Response list = send("GET", "/api/v1/contracts/gold/maintenance", null, null);
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> rows = (List<Map<String, Object>>) object(list, what).get("maintenance_windows");
                rows.forEach(w -> left.add(((BigDecimal) w.get("id")).longValueExact()));
                Set<Long> gone = new TreeSet<>(windows.keySet());
                gone.removeAll(left);
                assertThat(gone).as("one window deleted by " + what).hasSize(1);
                windows.keySet().removeAll(gone);
            }
            // another tenant's token writes its own contract of that name: not acme's books
            if (put && response.status() == 200 && fuzzCase.authorization() == null) {
                Map<String, Object> stored = object(response, what);
                accepted((String) stored.get("contract"), response, Set.of());
            }
        }
        report("path and query parameters (every route)", started);
        assertThat(judged).as("cases with one parameter made invalid").isGreaterThan(CASES / 10);
        assertThat(statuses.getOrDefault(200, 0)).isPositive();
    }

    /** Nothing accepted is lost or changed by what came after it (refused or not). */
    @AfterEach
    void everythingAcceptedIsStillThereAndIdentical() throws Exception {
        for (Map.Entry<String, Map<String, Object>> contract : contracts.entrySet()) {
            RawHttp.Response response = send("GET", "/api/v1/contracts/" + contract.getKey(), null, null);
            assertThat(response.status()).as(contract.getKey() + ": " + response.text()).isEqualTo(200);
            assertThat(normalized(object(response, contract.getKey()))).as("contract %s as last accepted", contract.getKey())
                    .isEqualTo(normalized(contract.getValue()));
        }
        RawHttp.Response list = send("GET", "/api/v1/contracts", null, null);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listed = (List<Map<String, Object>>) object(list, "the list").get("contracts");
        assertThat(listed.stream().map(c -> (String) c.get("contract")).toList()).containsExactlyElementsOf(contracts.keySet());

        Map<Long, Map<String, Object>> stored = new TreeMap<>();
        for (String contract : contracts.keySet()) {
            RawHttp.Response response = send("GET", "/api/v1/contracts/" + contract + "/maintenance", null, null);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> rows = (List<Map<String, Object>>) object(response, contract).get("maintenance_windows");
            rows.forEach(w -> stored.put(((BigDecimal) w.get("id")).longValueExact(), w));
        }
        assertThat(normalized(stored)).as("maintenance windows as accepted").isEqualTo(normalized(windows));
        // the app still serves a plain request
        assertThat(send("GET", "/api/v1/catalog", null, null).status()).isEqualTo(200);
    }

    private RawHttp.Response send(String method, String target, String contentType, byte[] body) throws Exception {
        return send(method, target, contentType, null, AUTHORIZATION, body);
    }

    private RawHttp.Response send(String method, String target, String contentType, String accept, String authorization,
            byte[] body) throws Exception {
        RawHttp.Response response;
        try {
            response = RawHttp.send(base.getPort(), method, target, authorization, contentType, accept, body, CALL_TIMEOUT);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within " + CALL_TIMEOUT + ": " + method + " " + abbreviated(target), e);
        }
        statuses.merge(response.status(), 1, Integer::sum);
        assertThat(response.status()).as("never a 5xx: %s %s → %s", method, abbreviated(target), abbreviated(response.text()))
                .isLessThan(500);
        if (response.status() == 414 && target.length() > MAX_INITIAL_LINE) {
            // the HTTP server's limit on the request line (quarkus.http.limits.max-initial-line-length), before the API
            return response;
        }
        if (response.status() == 400 && !isUri(target)) {
            // Quarkus' HTTP server refuses a target that is not a URI (a broken %-escape, a raw byte
            // java.net.URI does not take) with an empty 400 before any of the API's code runs
            return response;
        }
        if (response.status() >= 400) {
            String what = method + " " + abbreviated(target) + " → " + response.status() + " " + abbreviated(response.text());
            assertThat(response.headers().get("content-type")).as("a refusal is JSON: " + what).startsWith("application/json");
            Map<String, Object> error = object(response, what);
            assertThat(error.get("error")).as(what).isInstanceOf(String.class);
            assertThat((String) error.get("error")).as(what).isNotBlank();
            if (error.containsKey("problems")) {
                assertThat(error.get("problems")).as(what).isInstanceOf(List.class);
                assertThat((List<?>) error.get("problems")).as(what).isNotEmpty().allMatch(p -> p instanceof String s && !s.isBlank());
            }
            assertThat(error.keySet()).as(what).isSubsetOf("error", "problems");
        }
        return response;
    }

    private static boolean isUri(String target) {
        try {
            new java.net.URI(target);
            return true;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** A refused body: the error says what, and every problem starts with the path in the body it is about. */
    private static void bodyRefusal(RawHttp.Response response, String what) {
        Map<String, Object> error = object(response, what);
        String message = (String) error.get("error");
        @SuppressWarnings("unchecked")
        List<String> problems = (List<String>) error.getOrDefault("problems", List.of());
        if (problems.isEmpty()) {
            assertThat(message).as(what).startsWith("the request body ");
        } else {
            assertThat(message).as(what).endsWith(" is not valid");
            assertThat(problems).as("each problem names its path in the body: " + what).allMatch(p -> p.startsWith("body"));
        }
    }

    private void accepted(String contract, RawHttp.Response response, Set<String> sentSecrets) {
        Map<String, Object> view = object(response, contract);
        Set<String> names = new TreeSet<>(secretNames.getOrDefault(contract, Set.of()));
        if (sentSecrets != null) {
            for (String s : sentSecrets) {
                if (s.startsWith("-")) {
                    names.remove(s.substring(1));
                } else {
                    names.add(s);
                }
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> secrets = (Map<String, Object>) view.get("secrets");
            assertThat(new TreeSet<>(secrets.keySet())).as("secret names of %s after %s", contract, response.text()).isEqualTo(names);
            assertThat(secrets.values()).allMatch("********"::equals);
            secretNames.put(contract, names);
        } else {
            @SuppressWarnings("unchecked")
            Map<String, Object> secrets = (Map<String, Object>) view.get("secrets");
            secretNames.put(contract, new TreeSet<>(secrets.keySet()));
        }
        contracts.put(contract, view);
    }

    /** The secrets a body sets ("name") and removes ("-name"). */
    private static Set<String> secretsSent(Map<String, Object> sent) {
        Set<String> names = new LinkedHashSet<>();
        if (sent.get("secrets") instanceof Map<?, ?> secrets) {
            secrets.forEach((name, value) -> names.add(value == null ? "-" + name : (String) name));
        }
        return names;
    }

    /** The body as the server read it, when the case can tell (UTF-8, a JSON object); else null. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> sentObject(ApiFuzzInputs.BodyCase fuzzCase) {
        String type = fuzzCase.contentType() == null ? "" : fuzzCase.contentType().toLowerCase(Locale.ROOT);
        if (type.contains("charset") && !type.contains("charset=utf-8")) {
            return null;
        }
        try {
            return Json.parse("sent", new String(fuzzCase.body(), StandardCharsets.UTF_8)) instanceof Map<?, ?> map
                    ? (Map<String, Object>) map : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(RawHttp.Response response, String what) {
        Object parsed;
        try {
            parsed = Json.parse("response", response.text());
        } catch (RuntimeException e) {
            return fail("the answer is not JSON (" + e.getMessage() + "): " + what);
        }
        if (!(parsed instanceof Map<?, ?>)) {
            fail("the answer is not a JSON object: " + what);
        }
        return (Map<String, Object>) parsed;
    }

    /** Numbers by value (jsonb writes 1e2 as 100), update times left out (a PUT that changes nothing still sets one). */
    private static Object normalized(Object value) {
        if (value instanceof BigDecimal n) {
            return n.signum() == 0 ? BigDecimal.ZERO : n.stripTrailingZeros();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (!"updated_at".equals(k)) {
                    out.put(k, normalized(v));
                }
            });
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(normalized(v)));
            return out;
        }
        return value;
    }

    private void report(String input, long startedNanos) {
        System.out.printf("API fuzz: %s: %d cases in %.1f s, statuses %s%n", input, CASES,
                (System.nanoTime() - startedNanos) / 1e9, statuses);
    }

    private static String abbreviated(String text) {
        return text.length() > 400 ? text.substring(0, 400) + "... (" + text.length() + " chars)" : text;
    }
}
