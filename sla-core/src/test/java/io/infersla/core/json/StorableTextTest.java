package io.infersla.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StorableTextTest {

    private static List<String> problems(String json) {
        List<String> problems = new ArrayList<>();
        StorableText.check(Json.parse("test", json), "body", problems);
        return problems;
    }

    @Test
    void textWithPairedSurrogatesAndAnyOtherCharacterIsStorable() {
        assertThat(problems("{\"display_name\": \"Müller 日本 \\ud83d\\ude00 \\u0001\", \"l\": [\"\\ud83d\\ude00\", 1, null]}"))
                .isEmpty();
    }

    @Test
    void aNulOrAnUnpairedSurrogateIsNamedByItsPathWithoutQuotingTheValue() {
        assertThat(problems("""
                {"display_name": "ab\\u0000", "secrets": {"pd_key": "s3cret\\ud800"}, "l": ["ok", "\\udfffx"],
                 "k\\ud800": {"never": "\\u0000"}}"""))
                .containsExactly(
                        "body.display_name: must not contain U+0000 (it cannot be stored), found at character 3",
                        "body.secrets.pd_key: must be Unicode text, found an unpaired surrogate \\ud800 at character 7",
                        "body.l[1]: must be Unicode text, found an unpaired surrogate \\udfff at character 1",
                        "body: a key must be Unicode text, found an unpaired surrogate \\ud800 at character 2");
    }
}
