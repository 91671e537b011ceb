package io.infersla.ingest.mapping;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;

/**
 * The values of the {@link SpanAttribute}s found in one attribute list, in flat arrays indexed by
 * ordinal: reading a span allocates nothing but the strings protobuf decodes anyway. One instance
 * is reused for every span of an export (not thread-safe).
 */
final class AttributeValues {

    private final double[] numbers = new double[SpanAttribute.ALL.length];
    private final String[] texts = new String[SpanAttribute.ALL.length];
    private long present;

    void clear() {
        present = 0;
    }

    /** Reads every known attribute of the list; a repeated key keeps its last value. */
    void read(List<KeyValue> attributes) {
        for (int i = 0, n = attributes.size(); i < n; i++) {
            KeyValue kv = attributes.get(i);
            SpanAttribute attribute = SpanAttribute.byKey(kv.getKey());
            if (attribute == null) {
                continue;
            }
            AnyValue value = kv.getValue();
            if (attribute.text) {
                texts[attribute.ordinal()] = text(value);
            } else {
                numbers[attribute.ordinal()] = number(value);
            }
            present |= attribute.bit;
        }
    }

    boolean has(SpanAttribute attribute) {
        return (present & attribute.bit) != 0;
    }

    boolean hasAnyMeasurement() {
        return (present & SpanAttribute.MEASUREMENT_BITS) != 0;
    }

    double number(SpanAttribute attribute) {
        return numbers[attribute.ordinal()];
    }

    /** The text value, or null when absent or empty. */
    String text(SpanAttribute attribute) {
        if (!has(attribute)) {
            return null;
        }
        String text = texts[attribute.ordinal()];
        return text.isEmpty() ? null : text;
    }

    /**
     * Numbers may arrive as int, double or (from SDKs configured through environment variables)
     * numeric strings; anything else is not a number and is rejected as such.
     */
    private static double number(AnyValue value) {
        switch (value.getValueCase()) {
            case DOUBLE_VALUE:
                return value.getDoubleValue();
            case INT_VALUE:
                return value.getIntValue();
            case STRING_VALUE:
                try {
                    return Double.parseDouble(value.getStringValue().trim());
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            default:
                return Double.NaN;
        }
    }

    /** Scalars as text; arrays, maps and bytes are no identity and read as empty (absent). */
    private static String text(AnyValue value) {
        switch (value.getValueCase()) {
            case STRING_VALUE:
                return value.getStringValue();
            case INT_VALUE:
                return Long.toString(value.getIntValue());
            case BOOL_VALUE:
                return Boolean.toString(value.getBoolValue());
            case DOUBLE_VALUE:
                return Double.toString(value.getDoubleValue());
            default:
                return "";
        }
    }
}
