package io.infersla.engine.topic;

import io.infersla.core.evaluate.Status;
import io.infersla.core.json.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Typed reading of the JSON result records, with messages that name the record and the field. */
final class JsonFields {

    private final String what;
    private final Map<?, ?> map;

    private JsonFields(String what, Map<?, ?> map) {
        this.what = what;
        this.map = map;
    }

    static JsonFields parse(String what, byte[] bytes) {
        Object value = Json.parse(what, new String(bytes, StandardCharsets.UTF_8));
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
        return new JsonFields(what, map);
    }

    static Object number(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }

    private Object required(String field) {
        Object value = map.get(field);
        if (value == null) {
            throw new IllegalArgumentException(what + "." + field + " is required");
        }
        return value;
    }

    String string(String field) {
        if (required(field) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(what + "." + field + " must be a string");
    }

    long longValue(String field) {
        if (required(field) instanceof BigDecimal n) {
            try {
                return n.longValueExact();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(what + "." + field + " must be an integer, was " + n);
            }
        }
        throw new IllegalArgumentException(what + "." + field + " must be a number");
    }

    OptionalDouble optionalNumber(String field) {
        Object value = map.get(field);
        if (value == null) {
            return OptionalDouble.empty();
        }
        if (value instanceof BigDecimal n) {
            return OptionalDouble.of(n.doubleValue());
        }
        throw new IllegalArgumentException(what + "." + field + " must be a number or null");
    }

    Instant instant(String field) {
        try {
            return Instant.parse(string(field));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(what + "." + field + " must be an ISO-8601 instant, was " + map.get(field));
        }
    }

    Optional<Instant> optionalInstant(String field) {
        return map.get(field) == null ? Optional.empty() : Optional.of(instant(field));
    }

    Optional<String> optionalString(String field) {
        return map.get(field) == null ? Optional.empty() : Optional.of(string(field));
    }

    Status status(String field) {
        String id = string(field);
        return Arrays.stream(Status.values()).filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(what + "." + field + " is not a known status: " + id));
    }
}
