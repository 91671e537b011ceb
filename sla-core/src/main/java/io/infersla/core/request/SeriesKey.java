package io.infersla.core.request;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who a measurement belongs to: the series every statistic, evaluation and breach is kept per.
 * Tenant (from the credential, never from the data), contract, service, environment, model,
 * category, hardware class and model size class. Absent optional parts are empty strings.
 *
 * <p>The canonical text form ({@link #canonical()}) is the Kafka record key and the
 * {@code series_key} column: the parts in a fixed order, separated by {@code |}, each part
 * percent-escaped ({@code %} → {@code %25}, {@code |} → {@code %7C}) so that any attribute value
 * round-trips.
 */
public record SeriesKey(
        String tenant,
        String contract,
        String service,
        String environment,
        String model,
        String category,
        String hardware,
        String modelSize) {

    private static final int PARTS = 8;
    private static final int MAX_PART_LENGTH = 256;

    public SeriesKey {
        tenant = required("tenant", tenant);
        contract = required("contract", contract);
        service = required("service", service);
        category = required("category", category);
        environment = optional("environment", environment);
        model = optional("model", model);
        hardware = optional("hardware", hardware);
        modelSize = optional("model_size", modelSize);
    }

    private static String required(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " must be set, was " + (value == null ? "absent" : "empty"));
        }
        return optional(name, value);
    }

    private static String optional(String name, String value) {
        String v = Objects.requireNonNullElse(value, "");
        if (v.length() > MAX_PART_LENGTH) {
            throw new IllegalArgumentException(name + " must be at most " + MAX_PART_LENGTH
                    + " characters, was " + v.length());
        }
        return v;
    }

    /** The attributes objectives can be conditioned on ({@code hardware}, {@code model_size}), when present. */
    public Map<String, String> conditionAttributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (!hardware.isEmpty()) {
            attributes.put("hardware", hardware);
        }
        if (!modelSize.isEmpty()) {
            attributes.put("model_size", modelSize);
        }
        return attributes;
    }

    public String canonical() {
        StringBuilder out = new StringBuilder(64);
        String[] parts = {tenant, contract, service, environment, model, category, hardware, modelSize};
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                out.append('|');
            }
            escape(parts[i], out);
        }
        return out.toString();
    }

    /** The contract this series belongs to, in the same escaped form: the first two parts of {@link #canonical()}. */
    public String contractKey() {
        return contractKey(tenant, contract);
    }

    public static String contractKey(String tenant, String contract) {
        StringBuilder out = new StringBuilder(32);
        escape(tenant, out);
        out.append('|');
        escape(contract, out);
        return out.toString();
    }

    public byte[] toBytes() {
        return canonical().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads {@link #canonical()}.
     *
     * @throws IllegalArgumentException naming the problem when the text is not a series key
     */
    public static SeriesKey parse(String canonical) {
        List<String> parts = new ArrayList<>(PARTS);
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < canonical.length(); i++) {
            char c = canonical.charAt(i);
            if (c == '|') {
                parts.add(part.toString());
                part.setLength(0);
            } else if (c == '%') {
                if (i + 2 >= canonical.length()) {
                    throw new IllegalArgumentException("series key has a truncated escape at " + i + ": " + canonical);
                }
                String hex = canonical.substring(i + 1, i + 3);
                if (hex.equals("25")) {
                    part.append('%');
                } else if (hex.equals("7C")) {
                    part.append('|');
                } else {
                    throw new IllegalArgumentException("series key has an unknown escape %" + hex + " at " + i);
                }
                i += 2;
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        if (parts.size() != PARTS) {
            throw new IllegalArgumentException("series key must have " + PARTS + " parts, had " + parts.size());
        }
        return new SeriesKey(parts.get(0), parts.get(1), parts.get(2), parts.get(3), parts.get(4), parts.get(5),
                parts.get(6), parts.get(7));
    }

    public static SeriesKey fromBytes(byte[] bytes) {
        return parse(new String(bytes, StandardCharsets.UTF_8));
    }

    private static void escape(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                out.append("%25");
            } else if (c == '|') {
                out.append("%7C");
            } else {
                out.append(c);
            }
        }
    }
}
