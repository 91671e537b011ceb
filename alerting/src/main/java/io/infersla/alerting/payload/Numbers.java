package io.infersla.alerting.payload;

import java.util.OptionalDouble;

/**
 * How values appear in JSON number fields: as they are, {@code null} when missing. How they appear
 * in text (with their unit) is {@link AlertFacts#format()}, i.e. {@link io.infersla.core.catalog.ValueFormat}.
 */
final class Numbers {

    private Numbers() {
    }

    /** A finite double as a JSON number, anything else as JSON null. */
    static Object json(OptionalDouble value) {
        return value.isPresent() ? (Object) value.getAsDouble() : null;
    }

    static Object json(double value) {
        return Double.isFinite(value) ? (Object) value : null;
    }
}
