package io.infersla.core.report;

import io.infersla.core.json.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one byte form of a report that its SHA-256 is taken over: keys sorted, no whitespace,
 * every number rounded to {@value #DECIMALS} decimals and written without exponent or trailing
 * zeros (so 12.0 is {@code 12}), strings as UTF-8. Writing a parsed canonical document again gives
 * the same bytes, which is what lets anyone re-hash a downloaded report.
 */
public final class CanonicalJson {

    /** Enough for attainment to a millionth of a percent and latencies to a nanosecond. */
    public static final int DECIMALS = 9;

    private CanonicalJson() {
    }

    public static byte[] write(Object document) {
        return Json.writeCompact(normalize(document)).getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a canonical document back as maps, lists, strings, numbers, booleans and nulls. */
    public static Object read(String source, byte[] bytes) {
        return Json.parse(source, new String(bytes, StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The same value with sorted maps and rounded numbers. */
    public static Object normalize(Object value) {
        if (value instanceof Map<?, ?> map) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), normalize(v)));
            return sorted;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(normalize(item));
            }
            return out;
        }
        if (value instanceof Number number) {
            return number(number);
        }
        return value;
    }

    static BigDecimal number(Number number) {
        BigDecimal decimal;
        if (number instanceof BigDecimal bd) {
            decimal = bd;
        } else if (number instanceof Long || number instanceof Integer) {
            decimal = BigDecimal.valueOf(number.longValue());
        } else {
            double d = number.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("a report has no representation for " + d);
            }
            decimal = BigDecimal.valueOf(d);
        }
        BigDecimal rounded = decimal.setScale(DECIMALS, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return rounded.signum() == 0 ? BigDecimal.ZERO : rounded;
    }
}
