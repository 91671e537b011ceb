package io.infersla.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.infersla.core.json.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Jackson, customized by ApiJson, writes the text the API wrote before it used Jackson (Json.write). */
class ApiJsonTest {

    private static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper();
        new ApiJson().customize(mapper);
        return mapper;
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void everyShapeIsLaidOutAsBefore() throws Exception {
        List<Object> values = List.of(
                map(),
                List.of(),
                map("contracts", List.of()),
                map("error", "no contract 'gold'"),
                map("error", "the contract is not valid", "problems", List.of("body.a: \"x\" is wrong", "body.b: ü")),
                map("breaches", List.of(map("episode_id", "e1", "resolved_at", null, "peak_value", 900.0),
                        map("episode_id", "e2", "peak_value", 900.25, "tiny", 0.0001, "huge", 1e20))),
                map("definition", map("objectives", map("chatbot", map("ttft_p95", map("target", new BigDecimal("150.0")))),
                        "compliance", map("credits", List.of(map("below", new BigDecimal("0.99"), "credit_percent", 10)),
                                "empty", map(), "none", List.of())),
                        "alerts", map("alertmanager_urls", List.of("http://a:9093", "http://b:9093"))),
                map("nested", List.of(List.of(1, 2), List.of()), "mixed", Arrays.asList(null, true, 3L, "s")),
                map("months", List.of(map("month", "2026-11", "revisions", List.of(map("revision", 2), map("revision", 1))))));
        for (Object value : values) {
            assertThat(mapper().writeValueAsString(value)).as(Json.write(value)).isEqualTo(Json.write(value));
        }
    }

    @Test
    void aRecordIsWrittenWithItsJsonNamesInDeclarationOrder() throws Exception {
        ApiError error = new ApiError("the maintenance window is not valid", List.of("body.when: unknown field"));
        assertThat(mapper().writeValueAsString(error)).isEqualTo(Json.write(map("error", error.error(), "problems",
                new ArrayList<>(error.problems()))));
        assertThat(mapper().writeValueAsString(new ApiError("no contract 'gold'", List.of())))
                .isEqualTo(Json.write(map("error", "no contract 'gold'")));
    }

    @Test
    void aNumberJsonCannotHoldIsRefused() {
        assertThatThrownBy(() -> mapper().writeValueAsString(map("value", Double.NaN))).hasMessageContaining("NaN");
    }
}
