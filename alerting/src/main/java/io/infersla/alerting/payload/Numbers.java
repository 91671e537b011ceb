package io.infersla.alerting.payload;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.OptionalDouble;

/** How values appear in human-readable text: four significant digits, no exponent for ordinary values. */
final class Numbers {

    private Numbers() {
    }

    static String format(double value) {
        if (!Double.isFinite(value)) {
            return "n/a";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros();
        return Math.abs(value) >= 1e-4 && Math.abs(value) < 1e15 || value == 0 ? rounded.toPlainString() : rounded.toString();
    }

    static String format(OptionalDouble value) {
        return value.isPresent() ? format(value.getAsDouble()) : "n/a";
    }

    /** A finite double as a JSON number, anything else as JSON null. */
    static Object json(OptionalDouble value) {
        return value.isPresent() ? (Object) value.getAsDouble() : null;
    }

    static Object json(double value) {
        return Double.isFinite(value) ? (Object) value : null;
    }
}
