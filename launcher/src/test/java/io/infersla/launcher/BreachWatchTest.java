package io.infersla.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersla.core.request.SeriesKey;
import org.junit.jupiter.api.Test;

class BreachWatchTest {

    private static String series(String category) {
        return new SeriesKey("local", "default", "demo", "local", "demo-model", category, "gpu", "").canonical();
    }

    @Test
    void peakIsWrittenInTheUnitOfTheObjectivesStatistic() {
        assertThat(BreachWatch.peak(series("chatbot"), "ttft_p95", 412.5)).isEqualTo("413 ms");
        assertThat(BreachWatch.peak(series("chatbot"), "ttft_tail_ratio", 4.477)).isEqualTo("4.48");
        assertThat(BreachWatch.peak(series("embeddings"), "throughput", 219.8)).isEqualTo("220 items/s");
        assertThat(BreachWatch.peak(series("speech-to-text"), "wer", 0.052)).isEqualTo("5.2 %");
        assertThat(BreachWatch.peak(series("fine-tuning"), "job_duration", 25.75)).isEqualTo("25.8 h");
        assertThat(BreachWatch.peak(series("object-detection"), "fps_p5", 29.5)).isEqualTo("29.5 fps");
        assertThat(BreachWatch.peak(series("mobile-chat"), "power_mean", 5.5)).isEqualTo("5.5 W");
    }

    @Test
    void unknownObjectiveOrSeriesIsABareNumber() {
        assertThat(BreachWatch.peak(series("chatbot"), "no_such_objective", 412.5)).isEqualTo("413");
        assertThat(BreachWatch.peak(series("no-such-category"), "ttft_p95", 412.5)).isEqualTo("413");
        assertThat(BreachWatch.peak("not a series key", "ttft_p95", 412.5)).isEqualTo("413");
    }
}
