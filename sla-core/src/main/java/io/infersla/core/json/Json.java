package io.infersla.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Strict JSON (RFC 8259) reading and writing on Jackson's streaming API. Objects become
 * {@link LinkedHashMap} (key order kept, duplicate keys rejected), arrays {@link List}, numbers
 * {@link BigDecimal} (exactly as written, so {@code 0.1} stays 0.1 and a long keeps every digit),
 * plus {@link String}, {@link Boolean} and {@code null}. Errors name the source, line and column.
 *
 * <p>The written bytes are those of the hand-written writer this replaced (lower-case
 * {@code \\u00xx} escapes, no {@code \\b}/{@code \\f} short forms, lone surrogates escaped): the
 * canonical report JSON is hashed, and stored reports must keep verifying.
 */
public final class Json {

    /** Deeper documents are refused instead of recursing toward a stack overflow; our documents nest under 10. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** Characters of one number: a long has 20, a 9-decimal figure about 30; more is not a figure but an attack. */
    public static final int MAX_NUMBER_LENGTH = 100;
    /** Characters of one string: a contract description or a PEM secret fits many times over. */
    public static final int MAX_STRING_LENGTH = 1_000_000;

    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .characterEscapes(new UnchangedEscapes())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .build())
            .build();

    private Json() {
    }

    /**
     * Parses one JSON document.
     *
     * @param source what the text is (a file name), for error messages
     * @throws JsonException naming the line and column of the first problem
     */
    public static Object parse(String source, String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            try {
                if (parser.nextToken() == null) {
                    throw error(source, parser.currentLocation(), "unexpected end of input, expected a value");
                }
                Object value = readValue(parser);
                JsonLocation end = parser.currentLocation();
                try {
                    if (parser.nextToken() != null) {
                        throw error(source, parser.currentTokenLocation(), "unexpected text after the document");
                    }
                } catch (JsonProcessingException e) {
                    throw error(source, e.getLocation() == null ? end : e.getLocation(), "unexpected text after the document");
                }
                return value;
            } catch (StreamConstraintsException e) {
                // Raised without a location: where the parser stopped is where the limit was crossed.
                throw error(source, parser.currentLocation(), limit(e));
            } catch (JsonProcessingException e) {
                throw error(source, e.getLocation(), problem(e));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object readValue(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    parser.nextToken();
                    object.put(key, readValue(parser));
                }
                yield object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(readValue(parser));
                }
                yield array;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(parser);
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IllegalStateException("unexpected token " + token);
        };
    }

    /**
     * The text as written, so the scale is kept (2.50 stays 2.50). Its plain form (the way
     * {@link #write} and PostgreSQL's jsonb write it) must fit the number limit too: 1e400 is short,
     * but written out it is 401 digits that could never be read back, and 1e999999999 would be a
     * billion (or beyond BigDecimal's scale, which throws).
     */
    private static BigDecimal number(JsonParser parser) throws IOException {
        String text = parser.getText();
        BigDecimal number;
        try {
            number = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new JsonParseException(parser, "number " + text + " is out of range");
        }
        if (plainLength(number) > MAX_NUMBER_LENGTH) {
            throw new JsonParseException(parser, "number " + text + " is out of range: written out it is longer than "
                    + MAX_NUMBER_LENGTH + " characters");
        }
        return number;
    }

    /** The length of {@link BigDecimal#toPlainString()}, without making it. */
    private static long plainLength(BigDecimal n) {
        long digits = n.precision();
        long scale = n.scale();
        long sign = n.signum() < 0 ? 1 : 0;
        if (scale <= 0) {
            return sign + digits - scale;
        }
        return sign + (scale >= digits ? scale + 2 : digits + 1);
    }

    private static String limit(StreamConstraintsException e) {
        String message = e.getOriginalMessage();
        if (message.contains("nesting depth")) {
            return "nesting deeper than " + MAX_NESTING_DEPTH + " levels";
        }
        if (message.contains("Number value length")) {
            return "number longer than " + MAX_NUMBER_LENGTH + " characters";
        }
        if (message.contains("String value length")) {
            return "string longer than " + MAX_STRING_LENGTH + " characters";
        }
        return problem(e);
    }

    /** Jackson's message without its trailing location and source notes, which our prefix carries. */
    private static String problem(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message.startsWith("Duplicate field '")) {
            return "duplicate key \"" + message.substring(17, message.length() - 1) + "\"";
        }
        int note = message.indexOf("\n at [Source");
        if (note >= 0) {
            message = message.substring(0, note);
        }
        message = message.replaceAll(" \\(start marker at \\[Source: [^]]*]\\)", "")
                .replaceAll(" \\(from `StreamReadConstraints[^)]*\\)", "");
        return message;
    }

    private static JsonException error(String source, JsonLocation location, String problem) {
        if (location == null || location.getLineNr() < 0) {
            return new JsonException(source + ": " + problem);
        }
        return new JsonException(source + " line " + location.getLineNr() + " column " + location.getColumnNr() + ": " + problem);
    }

    /** Writes a value built from maps, lists, strings, numbers, booleans and null, indented by two spaces. */
    public static String write(Object value) {
        StringWriter out = new StringWriter();
        generate(value, out, new TwoSpaceLayout());
        // The layout ends a root object or array with its newline; a bare root value gets it here.
        return value instanceof Map || value instanceof List ? out.toString() : out.append('\n').toString();
    }

    /** The same value on one line without spaces: for Kafka record values and other machine-read text. */
    public static String writeCompact(Object value) {
        StringWriter out = new StringWriter(128);
        generate(value, out, null);
        return out.toString();
    }

    private static void generate(Object value, StringWriter out, PrettyPrinter layout) {
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            if (layout != null) {
                generator.setPrettyPrinter(layout);
            }
            write(value, generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Object value, JsonGenerator out) throws IOException {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof String s) {
            writeString(s, out);
        } else if (value instanceof Boolean b) {
            out.writeBoolean(b);
        } else if (value instanceof Number n) {
            out.writeNumber(plainNumber(n));
        } else if (value instanceof Map<?, ?> map) {
            out.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.writeFieldName(String.valueOf(entry.getKey()));
                write(entry.getValue(), out);
            }
            out.writeEndObject();
        } else if (value instanceof List<?> list) {
            out.writeStartArray();
            for (Object item : list) {
                write(item, out);
            }
            out.writeEndArray();
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    /** An optional number as a JSON value: the number, or null when absent. */
    public static Double nullable(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }

    /**
     * A number as JSON text in plain form: whole values without a fraction ({@code 300}, not
     * {@code 300.0}), no exponent, no trailing zeros.
     *
     * @throws IllegalArgumentException for NaN and infinities, which JSON cannot hold
     */
    public static String plainNumber(Number n) {
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("JSON has no representation for " + d);
        }
        if (n instanceof BigDecimal bd) {
            return bd.stripTrailingZeros().toPlainString();
        } else if (n instanceof Integer || n instanceof Long) {
            return Long.toString(n.longValue());
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /**
     * A lone surrogate (e.g. a value clipped mid-pair) would encode as invalid UTF-8, so it is
     * escaped; escapes cannot see a character's neighbours, so such a string is written raw,
     * each run between lone surrogates quoted by the generator's own escapes.
     */
    private static void writeString(String s, JsonGenerator out) throws IOException {
        if (!hasLoneSurrogate(s)) {
            out.writeString(s);
            return;
        }
        StringBuilder raw = new StringBuilder(s.length() + 16).append('"');
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i)) && !pairedSurrogate(s, i)) {
                raw.append(quoted(s.substring(start, i))).append(String.format("\\u%04x", (int) s.charAt(i)));
                start = i + 1;
            }
        }
        out.writeRawValue(raw.append(quoted(s.substring(start))).append('"').toString());
    }

    private static String quoted(String run) throws IOException {
        StringWriter text = new StringWriter(run.length() + 8);
        try (JsonGenerator generator = FACTORY.createGenerator(text)) {
            generator.writeString(run);
        }
        return text.getBuffer().substring(1, text.getBuffer().length() - 1);
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i)) && !pairedSurrogate(s, i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean pairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /**
     * Control characters other than newline, return and tab as lower-case {@code \\u00xx} (Jackson
     * writes {@code \\b}, {@code \\f} and upper-case hex), so canonical report bytes stay as they were.
     */
    private static final class UnchangedEscapes extends CharacterEscapes {

        private final int[] ascii = standardAsciiEscapesForJSON();
        private final SerializableString[] control = new SerializableString[0x20];

        UnchangedEscapes() {
            for (int c = 0; c < 0x20; c++) {
                if (c != '\n' && c != '\r' && c != '\t') {
                    ascii[c] = ESCAPE_CUSTOM;
                    control[c] = new SerializedString(String.format("\\u%04x", c));
                }
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch < 0x20 ? control[ch] : null;
        }
    }
}
