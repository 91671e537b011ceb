package io.infersla.core.catalog;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed access to one JSON object of a document being validated (the catalog, a contract),
 * collecting every problem with its path ({@code categories[chatbot].objectives[ttft_p95].limit})
 * instead of stopping at the first, so a user fixes a document in one round.
 */
public record Fields(Map<String, Object> map, String path, List<String> problems) {

    @SuppressWarnings("unchecked")
    public static Fields of(Object value, String path, List<String> problems) {
        if (value instanceof Map<?, ?> map) {
            return new Fields((Map<String, Object>) map, path, problems);
        }
        problems.add(path + ": must be an object, was " + describe(value));
        return null;
    }

    public Fields renamed(String newPath) {
        return new Fields(map, newPath, problems);
    }

    public Set<String> keys() {
        return map.keySet();
    }

    public void allowOnly(String... allowed) {
        Set<String> known = Set.of(allowed);
        for (String key : map.keySet()) {
            if (!known.contains(key)) {
                problems.add(path + "." + key + ": unknown field; allowed: " + String.join(", ", allowed));
            }
        }
    }

    private Object get(String key, boolean required) {
        Object value = map.get(key);
        if (value == null && required) {
            problems.add(path + "." + key + ": is required");
        }
        return value;
    }

    public String string(String key, boolean required) {
        Object value = get(key, required);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        problems.add(path + "." + key + ": must be a string, was " + describe(value));
        return null;
    }

    public Double number(String key, boolean required) {
        Object value = get(key, required);
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal number) {
            return number.doubleValue();
        }
        problems.add(path + "." + key + ": must be a number, was " + describe(value));
        return null;
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
        problems.add(path + "." + key + ": must be an integer, was " + describe(value));
        return null;
    }

    public Fields object(String key, boolean required) {
        Object value = get(key, required);
        return value == null ? null : Fields.of(value, path + "." + key, problems);
    }

    @SuppressWarnings("unchecked")
    public List<Object> list(String key, boolean required) {
        Object value = get(key, required);
        if (value == null || value instanceof List) {
            return (List<Object>) value;
        }
        problems.add(path + "." + key + ": must be an array, was " + describe(value));
        return null;
    }

    public <T> T choice(String key, boolean required, Function<String, Optional<T>> parse, String allowed) {
        String value = string(key, required);
        if (value == null) {
            return null;
        }
        Optional<T> parsed = parse.apply(value);
        if (parsed.isEmpty()) {
            problems.add(path + "." + key + ": must be one of " + allowed + ", was '" + value + "'");
            return null;
        }
        return parsed.get();
    }

    public Duration duration(String key, boolean required) {
        String value = string(key, required);
        if (value == null) {
            return null;
        }
        Optional<Duration> parsed = DurationText.parse(value);
        if (parsed.isEmpty()) {
            problems.add(path + "." + key + ": must be a duration like 10s, 5m, 1h or 7d, was '" + value + "'");
            return null;
        }
        return parsed.get();
    }

    public java.time.Instant instant(String key, boolean required) {
        String value = string(key, required);
        if (value == null) {
            return null;
        }
        try {
            return java.time.Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            problems.add(path + "." + key + ": must be an ISO-8601 instant like 2026-11-02T10:00:00Z, was '" + value + "'");
            return null;
        }
    }

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
