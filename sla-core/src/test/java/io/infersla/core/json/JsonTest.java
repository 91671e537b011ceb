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
        "{\"a\": 1, \"a\": 2}| t line 1 column 10: duplicate key \"a\"",
        "[1, 2| t line 1 column 6: unexpected end of input",
        "[01]| t line 1 column 2: invalid number '01'",
        "\"abc| t line 1 column 5: unterminated string",
        "{} x| t line 1 column 4: unexpected text after the document",
        "tru| t line 1 column 1: invalid literal, expected 'true'",
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
        assertThatThrownBy(() -> Json.parse("t", deep)).hasMessageContaining("nesting deeper than 64 levels");
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
