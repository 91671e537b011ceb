package io.infersla.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersla.core.measure.RejectReason;
import io.infersla.ingest.mapping.RejectedSpan;
import io.infersla.ingest.mapping.SpanOutcome;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    @Test
    void writesOneFlatJsonObjectWithEveryFieldEscaped() {
        RejectedSpan span = new RejectedSpan("acme", "0102", "ab", "say \"hi\"\n\tnow\u0001",
                new SpanOutcome.Rejected(RejectReason.MISSING_ATTRIBUTE, "sla.category", null, "a\\b"));

        String json = new String(DeadLetter.json(span), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"reason\":\"missing_attribute\",\"tenant\":\"acme\",\"trace_id\":\"0102\","
                + "\"span_id\":\"ab\",\"span_name\":\"say \\\"hi\\\"\\n\\tnow\\u0001\",\"attribute\":\"sla.category\","
                + "\"value\":null,\"detail\":\"a\\\\b\"}");
    }

    @Test
    void loneSurrogateLeftByClippingIsEscapedSoTheValueStaysValidUtf8() {
        RejectedSpan span = new RejectedSpan("acme", "", "", "x\uD83D",
                new SpanOutcome.Rejected(RejectReason.NEGATIVE, "sla.ttft_ms", "-1.0", "d"));

        assertThat(new String(DeadLetter.json(span), StandardCharsets.UTF_8)).contains("\"span_name\":\"x\\ud83d\"");
    }
}
