package io.infersla.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesEveryValueKindAndKeepsKeyOrder() {
        Object value = Json.parse("t", "{\"b\": [1, -2.5e3, true, false, null], \"a\": \"x\\u00e9\\n\"}");
        assertThat(value).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        assertThat(map.keySet()).containsExactly("b", "a");
        assertThat(((List<?>) map.get("b")).toArray()).containsExactly(new BigDecimal("1"), new BigDecimal("-2.5e3"), true, false, null);
        assertThat(map.get("a")).isEqualTo("xé\n");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"a\": 1, \"a\": 2}| t line 1 column 13: duplicate key \"a\"",
        "[1, 2| t line 1 column 6: Unexpected end-of-input: expected close marker for Array",
        "[01]| t line 1 column 3: Invalid numeric value: Leading zeroes not allowed",
        "\"abc| t line 1 column 5: Unexpected end-of-input: was expecting closing quote for a string value",
        "{} x| t line 1 column 4: unexpected text after the document",
        "tru| t line 1 column 1: Unrecognized token 'tru': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
    })
    void malformedDocumentsNameTheLineColumnAndProblem(String text, String message) {
        assertThatThrownBy(() -> Json.parse("t", text)).isInstanceOf(JsonException.class).hasMessage(message.strip());
    }

    @Test
    void compactFormIsOneLineWithoutSpacesAndParsesBack() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("reason", "late");
        value.put("n", 2);
        value.put("list", List.of(1, "a"));
        value.put("none", null);
        assertThat(Json.writeCompact(value)).isEqualTo("{\"reason\":\"late\",\"n\":2,\"list\":[1,\"a\"],\"none\":null}");
    }

    @Test
    void loneSurrogatesAreEscapedSoTheOutputIsValidUtf8() {
        String clipped = "ok \uD83D"; // the first half of an emoji, cut off
        assertThat(Json.writeCompact(List.of(clipped))).isEqualTo("[\"ok \\ud83d\"]");
        assertThat(Json.writeCompact(List.of("\uD83D\uDE00"))).isEqualTo("[\"\uD83D\uDE00\"]");
    }

    @Test
    void deepNestingIsRefusedInsteadOfOverflowingTheStack() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThatThrownBy(() -> Json.parse("t", deep)).hasMessage("t line 1 column 66: nesting deeper than 64 levels");
    }

    @Test
    void overlongNumbersAndStringsAreRefusedWithTheirLimit() {
        String longNumber = "[" + "9".repeat(Json.MAX_NUMBER_LENGTH + 1) + "]";
        assertThatThrownBy(() -> Json.parse("t", longNumber)).isInstanceOf(JsonException.class)
                .hasMessageEndingWith(": number longer than 100 characters");
        assertThat(Json.parse("t", "[" + "9".repeat(Json.MAX_NUMBER_LENGTH) + "]")).asList().hasSize(1);
        String longString = "\"" + "x".repeat(Json.MAX_STRING_LENGTH + 1) + "\"";
        assertThatThrownBy(() -> Json.parse("t", longString)).isInstanceOf(JsonException.class)
                .hasMessageEndingWith(": string longer than 1000000 characters");
    }

    /**
     * Regression (ApiFuzzIT): 0.1e-2147483648 threw NumberFormatException out of the parser, a 500
     * in the API; 1e400 was stored in a contract that could then not be read back.
     */
    @Test
    void numbersWhosePlainFormIsTooLongOrBeyondBigDecimalAreRefused() {
        assertThatThrownBy(() -> Json.parse("t", "{\"a\": 0.1e-2147483648}")).isInstanceOf(JsonException.class)
                .hasMessageEndingWith(": number 0.1e-2147483648 is out of range");
        assertThatThrownBy(() -> Json.parse("t", "{\"a\": 1E+2147483647}")).isInstanceOf(JsonException.class)
                .hasMessageEndingWith(": number 1E+2147483647 is out of range: written out it is longer than 100 characters");
        assertThatThrownBy(() -> Json.parse("t", "[1e400]")).isInstanceOf(JsonException.class)
                .hasMessageEndingWith(": number 1e400 is out of range: written out it is longer than 100 characters");
        assertThatThrownBy(() -> Json.parse("t", "[1e-400]")).isInstanceOf(JsonException.class)
                .hasMessageContaining("number 1e-400 is out of range");
        assertThat(Json.parse("t", "[1e99, -1e-97, 1.5e2]")).asList()
                .containsExactly(new BigDecimal("1e99"), new BigDecimal("-1e-97"), new BigDecimal("1.5e2"));
        assertThat(Json.write(Json.parse("t", "[1e99]"))).contains("1" + "0".repeat(99));
    }

    @Test
    void numbersKeepTheDigitsAndScaleAsWritten() {
        assertThat(Json.parse("t", "[2.50, 9223372036854775807, 0.1, -0]")).asList()
                .containsExactly(new BigDecimal("2.50"), new BigDecimal("9223372036854775807"), new BigDecimal("0.1"), new BigDecimal("-0"));
    }

    @Test
    void prettyFormKeepsScalarArraysOnOneLineAndIndentsTheRest() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("ids", List.of(1, 2));
        value.put("rows", List.of(Map.of("k", "v")));
        value.put("empty", Map.of());
        value.put("none", List.of());
        assertThat(Json.write(value)).isEqualTo("""
                {
                  "ids": [1, 2],
                  "rows": [
                    {
                      "k": "v"
                    }
                  ],
                  "empty": {},
                  "none": []
                }
                """);
        assertThat(Json.writeCompact(List.of("bell\u0007 form\f back\b"))).isEqualTo("[\"bell\\u0007 form\\u000c back\\u0008\"]");
    }

    @Test
    void writtenJsonParsesBackToTheSameValue() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", "quote \" and \\ and tab\t");
        value.put("n", 1.5);
        value.put("whole", 300.0);
        value.put("list", List.of(1, 2, 3));
        value.put("nested", List.of(Map.of("k", "v")));
        value.put("nothing", null);
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) Json.parse("t", Json.write(value));
        assertThat(back.get("name")).isEqualTo("quote \" and \\ and tab\t");
        assertThat(back.get("n")).isEqualTo(new BigDecimal("1.5"));
        assertThat(back.get("whole")).isEqualTo(new BigDecimal("300"));
        assertThat(back).containsKey("nothing");
        assertThatThrownBy(() -> Json.write(Double.NaN)).hasMessage("JSON has no representation for NaN");
    }
}
