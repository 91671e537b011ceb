package io.infersla.core.json;

import io.infersla.core.catalog.DurationText;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Typed access to one object of a parsed JSON document (as {@link Json#parse} returns it): the
 * one way the project reads typed fields, with one error policy. Every problem is collected with
 * its path ({@code categories[chatbot].objectives[ttft_p95].limit: must be a number, was the
 * string 'abc'}) into a list shared by the whole document, and reading goes on, so a user fixes
 * a document in one round. A reader that must fail fast (a record on the engine's own topics)
 * reads the whole record and then calls {@link #requireValid()}.
 *
 * <p>A getter returns null (or empty) when the field is absent or wrong; {@code required} only
 * decides whether absence is a problem. JSON {@code null} counts as absent.
 */
public class JsonFields {

    private final Map<String, Object> map;
    private final String path;
    private final List<String> problems;

    protected JsonFields(Map<String, Object> map, String path, List<String> problems) {
        this.map = map;
        this.path = path;
        this.problems = problems;
    }

    /** The object at {@code path}, or null after noting the problem when the value is not an object. */
    @SuppressWarnings("unchecked")
    public static JsonFields of(Object value, String path, List<String> problems) {
        if (value instanceof Map<?, ?> map) {
            return new JsonFields((Map<String, Object>) map, path, problems);
        }
        problems.add(path + ": must be an object, was " + describe(value));
        return null;
    }

    /**
     * Parses UTF-8 JSON that must be one object, with a problem list of its own.
     *
     * @throws JsonException when it is not JSON, IllegalArgumentException when it is not an object
     */
    public static JsonFields parse(String what, byte[] utf8) {
        List<String> problems = new ArrayList<>();
        JsonFields fields = of(Json.parse(what, new String(utf8, StandardCharsets.UTF_8)), what, problems);
        if (fields == null) {
            throw new IllegalArgumentException(problems.get(0));
        }
        return fields;
    }

    public Map<String, Object> map() {
        return map;
    }

    public String path() {
        return path;
    }

    public List<String> problems() {
        return problems;
    }

    /** The same object under another path, e.g. an array element named by its id instead of its index. */
    public JsonFields renamed(String newPath) {
        return new JsonFields(map, newPath, problems);
    }

    public Set<String> keys() {
        return map.keySet();
    }

    /** The path of one field, for messages. */
    public String at(String key) {
        return path + "." + key;
    }

    /** Notes a problem of one field that only the caller can judge (a range, a cross-field rule). */
    public void problem(String key, String message) {
        problems.add(at(key) + ": " + message);
    }

    /** Throws every problem noted so far, for readers that must not go on with a bad document. */
    public void requireValid() {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    public void allowOnly(String... allowed) {
        Set<String> known = Set.of(allowed);
        for (String key : map.keySet()) {
            if (!known.contains(key)) {
                problems.add(at(key) + ": unknown field; allowed: " + String.join(", ", allowed));
            }
        }
    }

    private Object get(String key, boolean required) {
        Object value = map.get(key);
        if (value == null && required) {
            problems.add(at(key) + ": is required");
        }
        return value;
    }

    private <T> T wrongType(String key, String expected, Object value) {
        problems.add(at(key) + ": must be " + expected + ", was " + describe(value));
        return null;
    }

    public String string(String key, boolean required) {
        Object value = get(key, required);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        return wrongType(key, "a string", value);
    }

    public Optional<String> optionalString(String key) {
        return Optional.ofNullable(string(key, false));
    }

    /** A number as written, every digit kept. */
    public BigDecimal decimal(String key, boolean required) {
        Object value = get(key, required);
        if (value == null || value instanceof BigDecimal) {
            return (BigDecimal) value;
        }
        return wrongType(key, "a number", value);
    }

    public Double number(String key, boolean required) {
        BigDecimal value = decimal(key, required);
        return value == null ? null : value.doubleValue();
    }

    public OptionalDouble optionalNumber(String key) {
        Double value = number(key, false);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    public Integer integer(String key, boolean required) {
        Object value = get(key, required);
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal number) {
            try {
                return number.intValueExact();
            } catch (ArithmeticException e) {
                // falls through to the problem below
            }
        }
        return wrongType(key, "an integer", value);
    }

    public Long longInteger(String key, boolean required) {
        Object value = get(key, required);
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal number) {
            try {
                return number.longValueExact();
            } catch (ArithmeticException e) {
                // falls through to the problem below
            }
        }
        return wrongType(key, "an integer", value);
    }

    public Boolean bool(String key, boolean required) {
        Object value = get(key, required);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        return wrongType(key, "true or false", value);
    }

    public JsonFields object(String key, boolean required) {
        Object value = get(key, required);
        return value == null ? null : of(value, at(key), problems);
    }

    @SuppressWarnings("unchecked")
    public List<Object> list(String key, boolean required) {
        Object value = get(key, required);
        if (value == null || value instanceof List) {
            return (List<Object>) value;
        }
        return wrongType(key, "an array", value);
    }

    /** An array of objects, each at {@code key[i]}; elements that are not objects are noted and left out. */
    public List<JsonFields> objects(String key, boolean required) {
        List<Object> values = list(key, required);
        if (values == null) {
            return List.of();
        }
        List<JsonFields> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            JsonFields element = of(values.get(i), at(key) + "[" + i + "]", problems);
            if (element != null) {
                out.add(element);
            }
        }
        return out;
    }

    /** A string from a closed set (an enum's ids); {@code allowed} lists them for the message. */
    public <T> T choice(String key, boolean required, Function<String, Optional<T>> parse, String allowed) {
        String value = string(key, required);
        if (value == null) {
            return null;
        }
        Optional<T> parsed = parse.apply(value);
        if (parsed.isEmpty()) {
            problems.add(at(key) + ": must be one of " + allowed + ", was '" + value + "'");
            return null;
        }
        return parsed.get();
    }

    /** One of an enum's constants by its wire name ({@code id}), e.g. {@code Status::id}. */
    public <E extends Enum<E>> E enumeration(String key, boolean required, E[] values, Function<E, String> id) {
        String value = string(key, required);
        if (value == null) {
            return null;
        }
        for (E candidate : values) {
            if (id.apply(candidate).equals(value)) {
                return candidate;
            }
        }
        problems.add(at(key) + ": must be one of " + Arrays.stream(values).map(id).collect(Collectors.joining(", "))
                + ", was '" + value + "'");
        return null;
    }

    public Duration duration(String key, boolean required) {
        String value = string(key, required);
        if (value == null) {
            return null;
        }
        Optional<Duration> parsed = DurationText.parse(value);
        if (parsed.isEmpty()) {
            problems.add(at(key) + ": must be a duration like 10s, 5m, 1h or 7d, was '" + value + "'");
            return null;
        }
        return parsed.get();
    }

    public Instant instant(String key, boolean required) {
        String value = string(key, required);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(at(key) + ": must be an ISO-8601 instant like 2026-11-02T10:00:00Z, was '" + value + "'");
            return null;
        }
    }

    public Optional<Instant> optionalInstant(String key) {
        return Optional.ofNullable(instant(key, false));
    }

    /** A value as a message shows it, e.g. {@code the string 'abc'}, {@code an object}, {@code 12}. */
    public static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "the string '" + s + "'";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        return value.toString();
    }
}
