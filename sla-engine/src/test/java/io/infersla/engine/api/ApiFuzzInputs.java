package io.infersla.engine.api;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.catalog.Category;
import io.infersla.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.sessions.JqwikSession;

/**
 * Fuzz inputs for the REST API: valid contract and maintenance-window bodies mutated the ways
 * broken or hostile clients do (fields dropped, duplicated, of the wrong type, out-of-range
 * numbers, deep nesting, huge and odd strings, invalid UTF-8, truncation, wrong Content-Type),
 * pure random bodies, and path and query parameters (odd characters, percent-encoding right and
 * wrong, huge and negative numbers, empty, repeated, unicode, very long). Strings and numbers
 * come from jqwik arbitraries.
 *
 * <p>Every case is a pure function of its seed, so a failure is reproduced from the seed alone.
 */
final class ApiFuzzInputs {

    /** Names every body case PUTs to, so later cases replace what earlier ones stored. */
    static final List<String> CONTRACTS = List.of("gold", "silver", "b.c-d_e", "z" + "9".repeat(63));
    static final String ROUTING_KEY = "R0UTINGKEY0123456789abcdefABCDEF";
    static final List<String> CATEGORIES = Catalog.builtIn().categories().stream().map(Category::id).toList();

    private static final String[] ODD_STRINGS = {
        "", " ", "\u0000", "a\u0000b", "\ud800", "x\udfffy", "\ud83d\ude00", "Müller GmbH", "日本語の契約", "\u202eevil",
        "\r\n", "\t", "'; DROP TABLE sla.contracts; --", "%00", "%2F", "../../etc/passwd", "${jndi:ldap://x/a}",
        "<script>alert(1)</script>", "\\", "\"", "\uFEFF", "\uFFFF", "null", "0", "-1"};
    private static final String[] WRONG_VALUES = {
        "{}", "[]", "null", "true", "false", "-1", "0", "1e400", "-1e400", "1e-400", "\"\"", "\"zz\"",
        "18446744073709551616", "-9223372036854775809", "0.0000000000000000000001", "123456789012345678901234567890.5",
        "{\"a\":[1,{\"b\":null}]}", "\"\\ud800\"", "\"\\u0000\"", "\"NaN\"", "\"-Infinity\"", "[[[[[]]]]]", "2.50", "-0"};
    private static final String[] INSTANTS = {
        "2026-12-01T02:00:00Z", "2026-12-01T02:00:00+01:00", "2026-12-01", "+294277-01-01T00:00:00Z",
        "-4714-11-24T00:00:00Z", "+1000000000-12-31T23:59:59.999999999Z", "-1000000000-01-01T00:00:00Z",
        "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z", "2026-02-30T00:00:00Z",
        "2026-12-01T25:00:00Z", "now", ""};
    private static final byte[][] INVALID_UTF8 = {
        {(byte) 0xFF}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82},
        {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}, {0}};
    private static final String[] CONTENT_TYPES = {
        "application/json", "application/json", "application/json", "application/json", "application/json; charset=utf-8",
        "application/json; charset=UTF-8", "text/plain", null, "application/x-www-form-urlencoded", "application/json; charset=nope",
        "application/json; charset=ISO-8859-1", "application/json;;;", "*/*", "application/problem+json", "json"};

    private static final String[] ACCEPTS = {
        "application/json", "text/csv", "application/pdf", "*/*", "text/*", "application/*", "json", "text", "/",
        "a/b/c", "text/html", "*/*;q=0.1, application/xml", "", ";;", "application/json;q=x", "application/json, garbage",
        "\u00e9/\u00e9", "application/pdf;q=0, text/csv;q=0.5", ",", "*"};
    private static final Arbitrary<String> ANY_TEXT = Arbitraries.strings().all().ofMaxLength(40);
    private static final Arbitrary<String> PRINTABLE = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40);
    private static final Arbitrary<String> UNICODE = Arbitraries.strings()
            .withCharRange('\u00a0', '\ud7ff').withCharRange('\ue000', '\ufffd').ofMaxLength(30);
    private static final Arbitrary<BigDecimal> NUMBERS = Arbitraries.oneOf(
            Arbitraries.bigDecimals().between(BigDecimal.valueOf(-1e6), BigDecimal.valueOf(1e6)).ofScale(3),
            Arbitraries.integers().map(BigDecimal::valueOf),
            Arbitraries.longs().map(BigDecimal::valueOf));

    /** A body case: what goes over the wire and how it was made. */
    record BodyCase(long seed, String contentType, byte[] body, String how) {
        @Override
        public String toString() {
            String text = new String(body, StandardCharsets.UTF_8);
            return "seed " + seed + " (" + how + "), Content-Type " + contentType + ", " + body.length + " bytes: "
                    + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
        }
    }

    /** A request whose target was fuzzed; {@code bad} names the one parameter the case made invalid, null if none. */
    record ParameterCase(long seed, String method, String target, String accept, String authorization, String bad,
            String how) {
        @Override
        public String toString() {
            return "seed " + seed + " (" + how + "): " + method + " "
                    + (target.length() > 300 ? target.substring(0, 300) + "..." : target) + (accept == null ? "" : ", Accept " + accept)
                    + (authorization == null ? "" : ", Authorization " + authorization);
        }
    }

    private ApiFuzzInputs() {
    }

    // ---- bodies ----

    static BodyCase contractBody(long seed) {
        return session(() -> {
            Random random = new Random(seed);
            return mutated(seed, random, validContract(random));
        });
    }

    static BodyCase maintenanceBody(long seed, Instant now) {
        return session(() -> {
            Random random = new Random(seed);
            return mutated(seed, random, validMaintenance(random, now));
        });
    }

    /** A valid contract, from the documented example, with parts left out or varied. */
    static Map<String, Object> validContract(Random random) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (random.nextInt(4) > 0) {
            body.put("display_name", random.nextBoolean() ? sample(UNICODE, random) : sample(ANY_TEXT, random));
        }
        if (random.nextBoolean()) {
            body.put("time_zone", pick(random, "UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"));
        }
        if (random.nextInt(4) > 0) {
            Map<String, Object> definition = new LinkedHashMap<>();
            if (random.nextBoolean()) {
                int target = 100 + random.nextInt(100);
                definition.put("objectives", Map.of("chatbot", Map.of("ttft_p95",
                        Map.of("target", BigDecimal.valueOf(target), "limit", BigDecimal.valueOf(target + 1 + random.nextInt(300))))));
            }
            boolean pages = random.nextBoolean();
            if (pages) {
                definition.put("alerts", new LinkedHashMap<>(Map.of("pagerduty", Map.of("routing_key_secret", "pd_key"),
                        "page_from", "critical")));
            }
            if (random.nextBoolean()) {
                Map<String, Object> compliance = new LinkedHashMap<>();
                compliance.put("attainment", new BigDecimal("0.99" + random.nextInt(10)));
                compliance.put("credits", List.of(
                        Map.of("below", new BigDecimal("0.995"), "credit_percent", BigDecimal.TEN),
                        Map.of("below", new BigDecimal("0.99"), "credit_percent", BigDecimal.valueOf(25)),
                        Map.of("below", new BigDecimal("0.95"), "credit_percent", BigDecimal.valueOf(100))));
                compliance.put("credit_policy", random.nextBoolean() ? "worst" : "sum");
                if (random.nextBoolean()) {
                    compliance.put("monthly_fee", BigDecimal.valueOf(random.nextInt(100_000)));
                    compliance.put("currency", pick(random, "EUR", "USD", "JPY"));
                }
                definition.put("compliance", compliance);
            }
            body.put("definition", definition);
            if (pages || random.nextInt(3) == 0) {
                Map<String, Object> secrets = new LinkedHashMap<>();
                secrets.put("pd_key", ROUTING_KEY);
                if (random.nextBoolean()) {
                    secrets.put("other_" + random.nextInt(3), random.nextBoolean() ? null : sample(PRINTABLE, random) + "x");
                }
                body.put("secrets", secrets);
            }
        }
        return body;
    }

    static Map<String, Object> validMaintenance(Random random, Instant now) {
        Instant start = now.plus(1 + random.nextInt(1000), ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("starts_at", start.toString());
        body.put("ends_at", start.plus(1 + random.nextInt(600), ChronoUnit.MINUTES).toString());
        if (random.nextBoolean()) {
            body.put("service", random.nextBoolean() ? "chat-api" : sample(UNICODE, random));
        }
        if (random.nextBoolean()) {
            body.put("category", CATEGORIES.get(random.nextInt(CATEGORIES.size())));
        }
        if (random.nextBoolean()) {
            body.put("model", random.nextBoolean() ? "llama-3.1-70b" : sample(ANY_TEXT, random));
        }
        if (random.nextBoolean()) {
            body.put("reason", random.nextBoolean() ? "GPU driver upgrade" : sample(ANY_TEXT, random));
        }
        return body;
    }

    /**
     * About one case in eight is sent as generated; the others get one to four mutations of the
     * tree, then maybe one of the text or bytes; one in ten is pure random.
     */
    private static BodyCase mutated(long seed, Random random, Map<String, Object> valid) {
        String contentType = random.nextInt(4) == 0 ? CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)] : "application/json";
        if (random.nextInt(10) == 0) {
            return new BodyCase(seed, contentType, pureRandom(random), "pure random");
        }
        List<String> how = new ArrayList<>();
        List<String> raw = new ArrayList<>();
        Object tree = valid;
        int treeMutations = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(4);
        for (int i = 0; i < treeMutations; i++) {
            tree = mutateTree(random, tree, how, raw);
        }
        String text = Json.writeCompact(tree);
        for (int i = 0; i < raw.size(); i++) {
            text = text.replace(Json.writeCompact(placeholder(i)), raw.get(i));
        }
        if (random.nextInt(5) == 0 && tree instanceof Map<?, ?> map && !map.isEmpty()) {
            // a key twice: the parser must refuse, never keep one silently
            Map.Entry<?, ?> first = map.entrySet().iterator().next();
            String member = Json.writeCompact(Map.of(first.getKey(), first.getValue() == null ? "null" : first.getValue()));
            text = "{" + member.substring(1, member.length() - 1) + "," + text.substring(1);
            how.add("duplicate key " + first.getKey());
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(4) == 0) {
            bytes = mutateBytes(random, bytes, how);
        }
        return new BodyCase(seed, contentType, bytes, how.isEmpty() ? "valid" : String.join(", ", how));
    }

    private static byte[] pureRandom(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> {
                byte[] bytes = new byte[random.nextInt(2000)];
                random.nextBytes(bytes);
                yield bytes;
            }
            case 1 -> sample(ANY_TEXT, random).getBytes(StandardCharsets.UTF_8);
            case 2 -> Json.writeCompact(randomJson(random, 0)).getBytes(StandardCharsets.UTF_8);
            default -> WRONG_VALUES[random.nextInt(WRONG_VALUES.length)].getBytes(StandardCharsets.UTF_8);
        };
    }

    private static Object randomJson(Random random, int depth) {
        int kind = depth > 4 ? random.nextInt(4) : random.nextInt(6);
        return switch (kind) {
            case 0 -> sample(ANY_TEXT, random);
            case 1 -> sample(NUMBERS, random);
            case 2 -> random.nextBoolean();
            case 3 -> null;
            case 4 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(randomJson(random, depth + 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    String key = random.nextBoolean() ? pick(random, "display_name", "time_zone", "definition", "secrets",
                            "starts_at", "ends_at", "service", "category", "objectives", "alerts", "compliance")
                            : sample(ANY_TEXT, random);
                    map.put(key, randomJson(random, depth + 1));
                }
                yield map;
            }
        };
    }

    /** One mutation at a random place in the tree (the root included); returns the new root. */
    /**
     * Stands for JSON text that must go out as written (1e400, -0, 2.50: Json.write would refuse
     * or normalize the number); replaced by {@code raw.get(i)} once the tree is written.
     */
    private static String placeholder(int i) {
        return "@@raw-json-" + i + "@@";
    }

    private static Object raw(List<String> raw, String json) {
        raw.add(json);
        return placeholder(raw.size() - 1);
    }

    private static Object mutateTree(Random random, Object root, List<String> how, List<String> raw) {
        List<Slot> slots = new ArrayList<>();
        slots(root, "$", slots);
        Slot slot = slots.get(random.nextInt(slots.size()));
        Object value = slot.get(root);
        Object replacement;
        switch (random.nextInt(9)) {
            case 0 -> {
                if (!slot.route().isEmpty()) {
                    how.add("drop " + slot.path);
                    return slot.removeFrom(root);
                }
                replacement = null;
                how.add("null " + slot.path);
            }
            case 1 -> {
                replacement = raw(raw, WRONG_VALUES[random.nextInt(WRONG_VALUES.length)]);
                how.add("wrong value at " + slot.path);
            }
            case 2 -> {
                replacement = random.nextBoolean() ? sample(NUMBERS, random)
                        : raw(raw, pick(random, "-1", "0", "1e400", "1e-400", "-0.0", "1e99", "999999999999999999999999",
                                "1E+2147483647", "0.1e-2147483648", "1" + "0".repeat(99), "1" + "0".repeat(100)));
                how.add("number at " + slot.path);
            }
            case 3 -> {
                int depth = 10 + random.nextInt(200);
                Object nested = value;
                for (int i = 0; i < depth; i++) {
                    nested = random.nextBoolean() ? List.of(nested == null ? "x" : nested) : Map.of("n", nested == null ? "x" : nested);
                }
                replacement = nested;
                how.add("nested " + depth + " deep at " + slot.path);
            }
            case 4 -> {
                int length = random.nextInt(5) == 0 ? 1_000_001 : 1000 + random.nextInt(200_000);
                replacement = String.valueOf((char) ('a' + random.nextInt(26))).repeat(length);
                how.add(length + "-character string at " + slot.path);
            }
            case 5 -> {
                replacement = random.nextBoolean() ? ODD_STRINGS[random.nextInt(ODD_STRINGS.length)] : sample(ANY_TEXT, random);
                how.add("odd string at " + slot.path);
            }
            case 6 -> {
                replacement = INSTANTS[random.nextInt(INSTANTS.length)];
                how.add("instant at " + slot.path);
            }
            case 7 -> {
                if (value instanceof Map<?, ?> map) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) map);
                    copy.put(random.nextBoolean() ? sample(ANY_TEXT, random) : pick(random, "id", "tenant", "contract",
                            "secrets", "window", "when", "created_at"), randomJson(random, 3));
                    replacement = copy;
                    how.add("unknown field in " + slot.path);
                } else {
                    replacement = randomJson(random, 2);
                    how.add("random value at " + slot.path);
                }
            }
            default -> {
                replacement = List.of(value == null ? "x" : value, value == null ? "x" : value);
                how.add("array of two at " + slot.path);
            }
        }
        return slot.set(root, replacement);
    }

    private static byte[] mutateBytes(Random random, byte[] bytes, List<String> how) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
        switch (random.nextInt(3)) {
            case 0 -> {
                how.add("truncated at " + at);
                out.write(bytes, 0, at);
            }
            case 1 -> {
                byte[] invalid = INVALID_UTF8[random.nextInt(INVALID_UTF8.length)];
                how.add("invalid UTF-8 at " + at);
                out.write(bytes, 0, at);
                out.write(invalid, 0, invalid.length);
                out.write(bytes, at, bytes.length - at);
            }
            default -> {
                how.add("flipped bytes");
                out.write(bytes, 0, bytes.length);
                byte[] flipped = out.toByteArray();
                for (int i = 1 + random.nextInt(4); i > 0 && flipped.length > 0; i--) {
                    flipped[random.nextInt(flipped.length)] = (byte) random.nextInt(256);
                }
                return flipped;
            }
        }
        return out.toByteArray();
    }

    /** A place in the tree: the root, a key of an object or an index of a list. */
    private record Slot(String path, List<Object> route) {
        Object get(Object root) {
            Object at = root;
            for (Object step : route) {
                at = step instanceof String key ? ((Map<?, ?>) at).get(key) : ((List<?>) at).get((Integer) step);
            }
            return at;
        }

        /** The root with the value at this slot replaced (or removed, for {@code remove}), copying the containers on the way. */
        Object set(Object root, Object value) {
            return set(root, 0, value, false);
        }

        Object removeFrom(Object root) {
            return set(root, 0, null, true);
        }

        @SuppressWarnings("unchecked")
        private Object set(Object at, int step, Object value, boolean delete) {
            if (step == route.size()) {
                return value;
            }
            Object key = route.get(step);
            if (at instanceof Map<?, ?> map) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) map);
                if (delete && step == route.size() - 1) {
                    copy.remove(key);
                } else {
                    copy.put((String) key, set(map.get(key), step + 1, value, delete));
                }
                return copy;
            }
            List<Object> copy = new ArrayList<>((List<Object>) at);
            if (delete && step == route.size() - 1) {
                copy.remove((int) (Integer) key);
            } else {
                copy.set((Integer) key, set(copy.get((Integer) key), step + 1, value, delete));
            }
            return copy;
        }
    }

    private static void slots(Object value, String path, List<Slot> out) {
        slots(value, path, new ArrayList<>(), out);
    }

    private static void slots(Object value, String path, List<Object> route, List<Slot> out) {
        out.add(new Slot(path, List.copyOf(route)));
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                route.add(e.getKey());
                slots(e.getValue(), path + "." + e.getKey(), route, out);
                route.remove(route.size() - 1);
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                route.add(i);
                slots(list.get(i), path + "[" + i + "]", route, out);
                route.remove(route.size() - 1);
            }
        }
    }

    // ---- path and query parameters ----

    /**
     * A request to one of the routes with its parameters fuzzed. At most one parameter is made
     * invalid on purpose (named in {@code bad}); values the case could not judge (a slash, an
     * empty segment, broken percent-encoding) leave {@code bad} null.
     */
    static ParameterCase parameters(long seed, long maintenanceId) {
        return session(() -> {
            Random random = new Random(seed);
            List<String> how = new ArrayList<>();
            String[] bad = {null};
            String contract = CONTRACTS.get(random.nextInt(2));
            String month = java.time.YearMonth.now(java.time.ZoneOffset.UTC).minusMonths(random.nextInt(3)).toString();
            int route = random.nextInt(9);
            // which parameter this case makes odd (0: none)
            int odd = random.nextInt(3);
            String method = "GET";
            StringBuilder target = new StringBuilder();
            switch (route) {
                case 0, 1, 2 -> {
                    String[] names = {"open", "contract", "limit"};
                    target.append("/api/v1/breaches");
                    query(random, target, how, bad, names, odd > 0 ? names[random.nextInt(names.length)] : null);
                }
                case 3 -> {
                    target.append("/api/v1/alerts/deliveries");
                    query(random, target, how, bad, new String[] {"status"}, odd > 0 ? "status" : null);
                }
                case 4 -> {
                    method = pick(random, "GET", "PUT", "GET");
                    target.append("/api/v1/contracts/").append(pathValue(random, "contract", contract, odd > 0, how, bad));
                }
                case 5 -> {
                    method = pick(random, "GET", "DELETE");
                    target.append("/api/v1/contracts/").append(pathValue(random, "contract", contract, odd == 1, how, bad));
                    target.append("/maintenance");
                    if (method.equals("DELETE")) {
                        target.append('/').append(pathValue(random, "id", Long.toString(maintenanceId + 1_000_000),
                                odd == 2, how, bad));
                    }
                }
                case 6 -> {
                    target.append("/api/v1/reports/").append(pathValue(random, "contract", contract, odd > 0, how, bad));
                }
                default -> {
                    method = pick(random, "GET", "GET", "POST");
                    target.append("/api/v1/reports/").append(pathValue(random, "contract", contract, odd == 1, how, bad));
                    target.append('/').append(pathValue(random, "month", month, odd == 2, how, bad));
                    if (method.equals("GET")) {
                        String[] names = {"format", "revision"};
                        query(random, target, how, bad, names, odd == 0 && random.nextBoolean() ? names[random.nextInt(2)] : null);
                    }
                }
            }
            // an odd Accept only where no parameter is bad: which refusal wins is not the question here
            String accept = bad[0] == null && random.nextInt(5) == 0 ? ACCEPTS[random.nextInt(ACCEPTS.length)] : null;
            // likewise an odd Authorization (null: the tenant's token), whose answer is a 401 or, if the
            // server reads it as the token after all, the route's
            String authorization = bad[0] == null && accept == null && random.nextInt(10) == 0 ? oddAuthorization(random) : null;
            return new ParameterCase(seed, method, target.toString(), accept, authorization, bad[0],
                    how.isEmpty() ? "valid" : String.join(", ", how));
        });
    }

    private static String oddAuthorization(Random random) {
        String token = ApiDatabase.ACME_TOKEN;
        return switch (random.nextInt(12)) {
            case 0 -> "";
            case 1 -> "Bearer";
            case 2 -> "Bearer ";
            case 3 -> "bearer " + token;
            case 4 -> "Bearer  " + token;
            case 5 -> "Bearer " + token + " extra";
            case 6 -> "Basic " + java.util.Base64.getEncoder().encodeToString(("acme:" + token).getBytes(StandardCharsets.UTF_8));
            case 7 -> "Bearer " + "x".repeat(1 + random.nextInt(3000));
            case 8 -> "Bearer " + token.substring(0, token.length() - 1);
            case 9 -> "Bearer " + sample(PRINTABLE, random);
            case 10 -> "Bearer \u00e9\u00ff" + token;
            default -> "Bearer " + ApiDatabase.GLOBEX_TOKEN;
        };
    }

    /** Query parameters of a route, each present or not, with {@code oddOne} (if any) given an odd value. */
    private static void query(Random random, StringBuilder target, List<String> how, String[] bad, String[] names, String oddOne) {
        List<String> pairs = new ArrayList<>();
        for (String name : names) {
            boolean isOdd = name.equals(oddOne);
            if (!isOdd && random.nextBoolean()) {
                continue;
            }
            String value = isOdd ? oddValue(random, name) : validValue(random, name);
            Encoded encoded = encode(random, value, isOdd);
            how.add(name + "=" + printable(value) + " (" + encoded.how + ")");
            pairs.add(name + "=" + encoded.text);
            // an empty value reaches the resource as no value: the parameter left out (docs/api.md)
            if (isOdd && encoded.judged && !value.isEmpty() && !valid(name, value)) {
                bad[0] = name;
            }
            if (random.nextInt(8) == 0) {
                // repeated: the first value counts (JAX-RS), so the case is judged by it alone
                pairs.add(name + "=" + encode(random, oddValue(random, name), false).text);
                how.add(name + " repeated");
            }
        }
        if (random.nextInt(6) == 0) {
            pairs.add(encode(random, sample(ANY_TEXT, random), false).text + "=" + encode(random, sample(ANY_TEXT, random), false).text);
            how.add("unknown parameter");
        }
        if (!pairs.isEmpty() || random.nextInt(10) == 0) {
            target.append('?').append(String.join("&", pairs));
        }
    }

    private static String pathValue(Random random, String name, String valid, boolean odd, List<String> how, String[] bad) {
        String value = odd ? oddValue(random, name) : valid;
        Encoded encoded = encode(random, value, odd);
        if (odd) {
            how.add(name + "=" + printable(value) + " (" + encoded.how + ")");
            // a slash splits the segment, and an empty or dot segment names another route: not this parameter's value
            boolean segment = !value.isEmpty() && !value.contains("/") && !value.equals(".") && !value.equals("..");
            if (encoded.judged && segment && !valid(name, value)) {
                bad[0] = name;
            }
        }
        return encoded.text;
    }

    /** Whether the API documents the value as valid (docs/api.md): the oracle the answers are judged by. */
    static boolean valid(String name, String value) {
        return switch (name) {
            case "open" -> value.equals("true") || value.equals("false");
            case "limit" -> value.matches("-?[0-9]{1,10}") && Long.parseLong(value) >= 1 && Long.parseLong(value) <= 1000;
            case "status" -> value.equals("pending") || value.equals("retrying") || value.equals("dead");
            case "format" -> value.equalsIgnoreCase("json") || value.equalsIgnoreCase("csv") || value.equalsIgnoreCase("pdf");
            case "revision" -> value.matches("[1-9][0-9]{0,8}");
            case "id" -> value.matches("[1-9][0-9]{0,17}");
            case "contract" -> value.matches("[a-z0-9][a-z0-9_.-]{0,63}");
            // a month that has started (any zone): later ones are 400 too, but for another reason
            case "month" -> value.matches("[0-9]{4}-(0[1-9]|1[0-2])")
                    && value.compareTo(java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString()) <= 0;
            default -> true;
        };
    }

    private static String validValue(Random random, String name) {
        return switch (name) {
            case "open" -> random.nextBoolean() ? "true" : "false";
            case "limit" -> Integer.toString(1 + random.nextInt(1000));
            case "status" -> pick(random, "pending", "retrying", "dead");
            case "format" -> pick(random, "json", "csv", "pdf", "JSON");
            case "revision" -> "1";
            case "contract" -> CONTRACTS.get(random.nextInt(CONTRACTS.size()));
            default -> "x";
        };
    }

    private static String oddValue(Random random, String name) {
        return switch (random.nextInt(10)) {
            case 0 -> ODD_STRINGS[random.nextInt(ODD_STRINGS.length)];
            case 1 -> sample(ANY_TEXT, random);
            case 2 -> sample(UNICODE, random);
            case 3 -> pick(random, "99999999999", "2147483648", "-2147483649", "9223372036854775808", "-1", "0", "1001",
                    "00000000001", "1e3", "0x10", "1.0", "+5", " 5", "5 ", "１２", "NaN", "-0");
            case 4 -> "9".repeat(1 + random.nextInt(5000));
            case 5 -> sample(PRINTABLE, random).repeat(1 + random.nextInt(200));
            case 6 -> pick(random, "2026-13", "2026-00", "0000-01", "-0001-01", "+10000-01", "+999999999-12", "2026-1",
                    "2026-011", "26-11", "2026/11", "2026-11-01", "9999-12", "1970-01", "2026-11 ", "");
            case 7 -> pick(random, "true ", "TRUE", "1", "yes", "PENDING", "dead,pending", "csv,pdf", "jsonx", "xml");
            case 8 -> pick(random, "GOLD", "gold ", " gold", "-gold", "_gold", "gold/maintenance", "gold%", ".", "..",
                    "a".repeat(65), "a".repeat(64), "g\u00f6ld", "gold\u0000", "gold\n");
            default -> validValue(random, name) + pick(random, "\u0000", "%", "'", "\"", ";", "\u00e9", "\ud800", "/x", "#");
        };
    }

    private record Encoded(String text, boolean judged, String how) {
    }

    /**
     * The value as it goes into the request target (ISO-8859-1: one char, one byte). Usually
     * percent-encoded as UTF-8 (what a client should send); odd values are also sent raw (non-ASCII
     * bytes as they are), double-encoded or with broken escapes, which the case cannot judge.
     */
    private static Encoded encode(Random random, String value, boolean odd) {
        int mode = odd ? random.nextInt(6) : 0;
        return switch (mode) {
            case 0, 1, 2 -> new Encoded(percentEncode(value.getBytes(StandardCharsets.UTF_8), random.nextBoolean()), true,
                    "percent-encoded");
            case 3 -> {
                // raw bytes, but never a byte that ends the target (space, CR, LF, #, ?, &)
                StringBuilder raw = new StringBuilder();
                for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
                    int c = b & 0xFF;
                    raw.append(c <= 0x20 || c == '#' || c == '?' || c == '&' || c == '%' || c == 0x7F
                            ? String.format("%%%02X", c) : String.valueOf((char) c));
                }
                yield new Encoded(raw.toString(), false, "raw bytes");
            }
            case 4 -> new Encoded(percentEncode(percentEncode(value.getBytes(StandardCharsets.UTF_8), false)
                    .getBytes(StandardCharsets.ISO_8859_1), false), false, "double-encoded");
            default -> {
                byte[] invalid = INVALID_UTF8[random.nextInt(INVALID_UTF8.length)];
                String broken = pick(random, "%", "%z", "%zz", "%G0", "%%", "%0");
                yield new Encoded(percentEncode(value.getBytes(StandardCharsets.UTF_8), false) + broken
                        + percentEncode(invalid, false), false, "broken escapes");
            }
        };
    }

    /** Unreserved characters as they are, everything else %XX (all of it when {@code everything}). */
    private static String percentEncode(byte[] bytes, boolean everything) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xFF;
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~';
            out.append(unreserved && !everything ? String.valueOf((char) c) : String.format("%%%02X", c));
        }
        return out.toString();
    }

    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : (value.length() > 60 ? value.substring(0, 60) + "..." : value).toCharArray()) {
            out.append(c < 0x20 || (c >= 0x7F && c < 0xA0) || Character.isSurrogate(c) ? String.format("\\u%04x", (int) c) : c);
        }
        return "'" + out + "' (" + value.length() + " chars)";
    }

    // ---- jqwik outside a property ----

    private static <T> T sample(Arbitrary<T> arbitrary, Random random) {
        return arbitrary.generator(1000).next(random).value();
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... values) {
        return values[random.nextInt(values.length)];
    }

    /** jqwik's generators need a session when they run outside a property (here: a Quarkus test). */
    private static <T> T session(java.util.function.Supplier<T> body) {
        JqwikSession.start();
        try {
            return body.get();
        } finally {
            JqwikSession.finish();
        }
    }
}
