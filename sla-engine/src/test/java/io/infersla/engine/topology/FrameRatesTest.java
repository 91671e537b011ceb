package io.infersla.engine.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

/**
 * Frame counting on its own: which seconds become an fps value, when, and that the state written
 * at commit is enough to carry on after a restart. Times are epoch milliseconds from T0, a whole
 * second; the grace is the engine's default.
 */
class FrameRatesTest {

    private static final long T0 = 1_793_613_600_000L;
    private static final long GRACE = EngineSettings.DEFAULT_GRACE.toMillis();
    private static final byte[] CAMERAS = "acme|default|yolo|prod|yolov8n|object-detection|gpu|".getBytes(StandardCharsets.UTF_8);

    record Fps(long secondStartMs, int frames) {
    }

    private final List<Fps> recorded = new ArrayList<>();

    private void complete(FrameRates rates, long clockMs) {
        rates.complete(clockMs, GRACE, (series, second, frames) -> {
            assertThat(series).isEqualTo(CAMERAS);
            recorded.add(new Fps(second, frames));
        });
    }

    /** {@code perSecond} frames spread over each of {@code seconds} seconds from {@code fromMs}. */
    private static void frames(FrameRates rates, long stream, long fromMs, int seconds, int perSecond) {
        for (int s = 0; s < seconds; s++) {
            for (int f = 0; f < perSecond; f++) {
                rates.count(CAMERAS, stream, fromMs + s * 1000L + f * (1000L / perSecond));
            }
        }
    }

    @Test
    void aSecondIsCountedOnceTheClockPassesItsEndPlusGraceWithItsStreamActiveOnBothSides() {
        FrameRates rates = new FrameRates();
        frames(rates, 7, T0, 5, 30);

        complete(rates, T0 + 2000 + GRACE - 1);
        assertThat(recorded).isEmpty();

        complete(rates, T0 + 2000 + GRACE);
        // second 0 is the stream's first: not counted; second 1 has frames before and after
        assertThat(recorded).containsExactly(new Fps(T0 + 1000, 30));
    }

    @Test
    void theFirstAndLastPartialSecondsOfAStreamAreNotCounted() {
        FrameRates rates = new FrameRates();
        // starts 600 ms into its first second (12 frames there), stops 300 ms into its last (9 frames)
        for (long t = T0 + 600; t < T0 + 4300; t += 33) {
            rates.count(CAMERAS, 7, t);
        }

        complete(rates, T0 + 60_000);

        assertThat(recorded).extracting(Fps::secondStartMs).containsExactly(T0 + 1000, T0 + 2000, T0 + 3000);
        assertThat(recorded).extracting(Fps::frames).allSatisfy(f -> assertThat(f).isBetween(30, 31));
    }

    @Test
    void anEmptySecondEndsAStreamAndStartsAnother() {
        FrameRates rates = new FrameRates();
        frames(rates, 7, T0, 3, 30);
        frames(rates, 7, T0 + 4000, 3, 30);

        complete(rates, T0 + 60_000);

        assertThat(recorded).containsExactly(new Fps(T0 + 1000, 30), new Fps(T0 + 5000, 30));
    }

    @Test
    void streamsOfOneSeriesAreCountedApart() {
        FrameRates rates = new FrameRates();
        frames(rates, 1, T0, 3, 30);
        frames(rates, 2, T0, 3, 10);

        complete(rates, T0 + 60_000);

        assertThat(recorded).containsExactlyInAnyOrder(new Fps(T0 + 1000, 30), new Fps(T0 + 1000, 10));
    }

    @Test
    void aFrameOfASecondAlreadyCountedIsNotCounted() {
        FrameRates rates = new FrameRates();
        frames(rates, 7, T0, 4, 30);
        complete(rates, T0 + 3000 + GRACE);

        assertThat(rates.count(CAMERAS, 7, T0 + 1500)).isFalse();
        assertThat(rates.count(CAMERAS, 7, T0 + 3500)).isTrue();
        complete(rates, T0 + 60_000);

        assertThat(recorded).containsExactly(new Fps(T0 + 1000, 30), new Fps(T0 + 2000, 30));
    }

    @Test
    void idleStreamsAreDroppedSoTheStateStaysBounded() {
        FrameRates rates = new FrameRates();
        Map<Bytes, byte[]> store = new HashMap<>();
        frames(rates, 7, T0, 3, 30);
        rates.flush(store::put, store::remove);
        assertThat(store).containsKey(StateKeys.frames(CAMERAS));

        // the stream's last second (2) lies before the counted seconds once second 3 is complete
        complete(rates, T0 + 4000 + GRACE);
        rates.flush(store::put, store::remove);

        assertThat(store).doesNotContainKey(StateKeys.frames(CAMERAS)).containsKey(StateKeys.FRAMES_COUNTED_KEY);
    }

    @Test
    void whatIsFlushedAtCommitIsEnoughToCarryOnAfterARestart() {
        FrameRates uninterrupted = new FrameRates();
        FrameRates beforeRestart = new FrameRates();
        Map<Bytes, byte[]> store = new HashMap<>();
        for (FrameRates rates : List.of(uninterrupted, beforeRestart)) {
            frames(rates, 7, T0, 6, 30);
            frames(rates, 8, T0 + 2000, 4, 12);
        }
        complete(beforeRestart, T0 + 3000 + GRACE);
        beforeRestart.flush(store::put, store::remove);

        FrameRates afterRestart = new FrameRates();
        store.forEach((key, value) -> assertThat(afterRestart.restore(key, value)).isTrue());
        for (FrameRates rates : List.of(uninterrupted, afterRestart)) {
            frames(rates, 7, T0 + 6000, 4, 30);
            assertThat(rates.count(CAMERAS, 8, T0 + 2500)).as("a second counted before the restart").isEqualTo(rates == uninterrupted);
        }
        complete(afterRestart, T0 + 60_000);
        List<Fps> acrossRestart = List.copyOf(recorded);
        recorded.clear();
        complete(uninterrupted, T0 + 3000 + GRACE);
        complete(uninterrupted, T0 + 60_000);

        assertThat(acrossRestart).isNotEmpty();
        assertThat(recorded).containsExactlyInAnyOrderElementsOf(acrossRestart);
    }
}
