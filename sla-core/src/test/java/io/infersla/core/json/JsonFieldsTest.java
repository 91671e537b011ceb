package io.infersla.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersla.core.evaluate.Status;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class JsonFieldsTest {

    private static JsonFields fields(String json, List<String> problems) {
        return JsonFields.of(Json.parse("t", json), "doc", problems);
    }

    @Test
    void wellTypedFieldsAreReadWithoutProblems() {
        List<String> problems = new ArrayList<>();
        JsonFields doc = fields("""
                {"name": "gold", "n": 3, "big": 9007199254740993, "ratio": 0.125, "exact": 2.50, "on": false,
                 "every": "5m", "status": "breach", "rows": [{"id": "a"}, {"id": "b"}], "none": null}""", problems);

        assertThat(doc.string("name", true)).isEqualTo("gold");
        assertThat(doc.integer("n", true)).isEqualTo(3);
        assertThat(doc.longInteger("big", true)).isEqualTo(9_007_199_254_740_993L);
        assertThat(doc.number("ratio", true)).isEqualTo(0.125);
        assertThat(doc.decimal("exact", true)).isEqualTo(new BigDecimal("2.50"));
        assertThat(doc.bool("on", true)).isFalse();
        assertThat(doc.duration("every", true)).isEqualTo(Duration.ofMinutes(5));
        assertThat(doc.enumeration("status", true, Status.values(), Status::id)).isEqualTo(Status.BREACH);
        assertThat(doc.objects("rows", true)).extracting(row -> row.path() + "=" + row.string("id", true))
                .containsExactly("doc.rows[0]=a", "doc.rows[1]=b");
        assertThat(doc.optionalNumber("none")).isEqualTo(OptionalDouble.empty());
        assertThat(doc.optionalString("missing")).isEmpty();
        doc.requireValid();
        assertThat(problems).isEmpty();
    }

    @Test
    void everyProblemIsCollectedWithItsPathAndTheValueFound() {
        List<String> problems = new ArrayList<>();
        JsonFields doc = fields("""
                {"n": 2.5, "big": "7", "on": "yes", "status": "fine", "rows": [{"id": 1}, 3], "extra": {}}""", problems);

        doc.allowOnly("n", "big", "on", "status", "rows", "id");
        assertThat(doc.integer("n", true)).isNull();
        assertThat(doc.longInteger("big", true)).isNull();
        assertThat(doc.bool("on", true)).isNull();
        assertThat(doc.enumeration("status", true, Status.values(), Status::id)).isNull();
        doc.objects("rows", true).forEach(row -> row.string("id", true));
        assertThat(doc.string("id", true)).isNull();

        assertThat(problems).containsExactly(
                "doc.extra: unknown field; allowed: n, big, on, status, rows, id",
                "doc.n: must be an integer, was 2.5",
                "doc.big: must be an integer, was the string '7'",
                "doc.on: must be true or false, was the string 'yes'",
                "doc.status: must be one of ok, warning, breach, insufficient_data, excused, reported, was 'fine'",
                "doc.rows[1]: must be an object, was 3",
                "doc.rows[0].id: must be a string, was 1",
                "doc.id: is required");
        assertThatThrownBy(doc::requireValid).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("doc.extra: unknown field; allowed: n, big, on, status, rows, id; doc.n: must be an integer")
                .hasMessageEndingWith("; doc.id: is required");
    }

    @Test
    void parseWantsOneObject() {
        assertThat(JsonFields.parse("record", "{\"a\": 1}".getBytes(StandardCharsets.UTF_8)).integer("a", true)).isEqualTo(1);
        assertThatThrownBy(() -> JsonFields.parse("record", "\"x\"".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("record: must be an object, was the string 'x'");
        assertThatThrownBy(() -> JsonFields.parse("record", "{\"a\": 1, \"a\": 2}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonException.class).hasMessage("record line 1 column 13: duplicate key \"a\"");
    }
}
