package io.infersla.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.measure.Metric;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SentMeasurementsTest {

    static final SpanShapes SHAPES = new SpanShapes(Catalog.builtIn(), "test");
    static final long MINUTE_NANOS = 60_000_000_000L;
    /** A minute boundary: 2026-05-29T... exactly. */
    static final long M = 29_666_666L * MINUTE_NANOS;

    static GeneratedSpan chatbotEndingAt(long endNanos, long seed) {
        return SHAPES.next("chatbot", endNanos, new Random(seed), SpanShapes.Distortion.NONE);
    }

    @Test
    void groupsTheStatedValuesByServiceMetricAndMinuteOfCompletion() {
        SentMeasurements sent = new SentMeasurements();
        GeneratedSpan lastOfMinute = chatbotEndingAt(M - 1, 1);
        GeneratedSpan firstOfNext = chatbotEndingAt(M, 2);
        GeneratedSpan laterInNext = chatbotEndingAt(M + 59 * 1_000_000_000L, 3);

        sent.record(List.of(lastOfMinute, firstOfNext, laterInNext));

        Instant minute = Instant.ofEpochSecond(M / 1_000_000_000L);
        assertThat(sent.values("chatbot-vllm", Metric.TTFT_MS, minute.minusSeconds(60)))
                .containsExactly(lastOfMinute.measurements().get(Metric.TTFT_MS));
        double a = firstOfNext.measurements().get(Metric.E2E_MS);
        double b = laterInNext.measurements().get(Metric.E2E_MS);
        assertThat(sent.values("chatbot-vllm", Metric.E2E_MS, minute)).containsExactly(Math.min(a, b), Math.max(a, b));
        assertThat(sent.values("other-service", Metric.E2E_MS, minute)).isEmpty();
        assertThat(sent.values("chatbot-vllm", Metric.WER, minute)).isEmpty();
    }

    @Test
    void onlyMinutesTheGeneratorRanThroughFromStartToEndAreComplete() {
        SentMeasurements sent = new SentMeasurements();
        assertThat(sent.completeMinutes()).isEmpty();

        sent.coverFrom(M - 1);
        sent.coverUntil(M + MINUTE_NANOS - 1);
        assertThat(sent.completeMinutes()).as("the minute from M lacks its last nanosecond").isEmpty();

        sent.coverUntil(M + 2 * MINUTE_NANOS + 5);
        Instant m = Instant.ofEpochSecond(M / 1_000_000_000L);
        assertThat(sent.completeMinutes()).containsExactly(m, m.plusSeconds(60));

        SentMeasurements fromTheBoundary = new SentMeasurements();
        fromTheBoundary.coverFrom(M);
        fromTheBoundary.coverUntil(M + MINUTE_NANOS);
        assertThat(fromTheBoundary.completeMinutes()).containsExactly(m);
    }

    @Test
    void valuesInDoubtAreKeptApartFromTheAcceptedOnesAndBothNameTheirSeries() {
        SentMeasurements sent = new SentMeasurements();
        GeneratedSpan accepted = chatbotEndingAt(M + 1, 4);
        GeneratedSpan failed = chatbotEndingAt(M + 2, 5);
        GeneratedSpan failedEarlier = chatbotEndingAt(M - 1, 6);

        sent.record(List.of(accepted));
        sent.recordInDoubt(List.of(failed, failedEarlier));

        Instant minute = Instant.ofEpochSecond(M / 1_000_000_000L);
        assertThat(sent.values("chatbot-vllm", Metric.TTFT_MS, minute)).containsExactly(accepted.measurements().get(Metric.TTFT_MS));
        assertThat(sent.inDoubt("chatbot-vllm", Metric.TTFT_MS, minute)).containsExactly(failed.measurements().get(Metric.TTFT_MS));
        assertThat(sent.inDoubt("chatbot-vllm", Metric.TTFT_MS, minute.minusSeconds(60)))
                .containsExactly(failedEarlier.measurements().get(Metric.TTFT_MS));
        assertThat(sent.series()).contains(new SentMeasurements.Series("chatbot-vllm", Metric.TTFT_MS, minute),
                new SentMeasurements.Series("chatbot-vllm", Metric.TTFT_MS, minute.minusSeconds(60)))
                .hasSize(accepted.measurements().size() + failedEarlier.measurements().size());
    }
}
