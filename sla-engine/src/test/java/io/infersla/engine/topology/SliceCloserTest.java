package io.infersla.engine.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.measure.Metric;
import io.infersla.core.request.SeriesKey;
import io.infersla.engine.topic.SliceRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class SliceCloserTest {

    private static final EngineSettings SETTINGS = EngineSettings.defaults(Catalog.builtIn());
    private static final long T0 = Instant.parse("2026-11-02T10:00:00Z").toEpochMilli();
    private static final long GRACE = SETTINGS.grace().toMillis();
    private static final long PERSIST = SETTINGS.persistEvery().toMillis();
    private static final SeriesKey CHAT = new SeriesKey("acme", "default", "chat-api", "prod", "llama-70b", "chatbot", "gpu", "xl");

    private record Output(String sink, long timestampMs, SliceRecord slice) {
    }

    private final List<Output> outputs = new ArrayList<>();
    private final SliceStateStore store = new SliceStateStore(Stores.inMemoryKeyValueStore("hot-state").get());
    private final SliceCloser closer = new SliceCloser(SETTINGS, new HotStatePersistence(store),
            (sink, key, value, timestampMs) -> outputs.add(new Output(sink, timestampMs, SliceRecord.fromBytes(value))));
    private final SeriesState state = new SeriesTable(SETTINGS).get(CHAT.toBytes());

    private SliceRing.Entry persistedSlice() {
        return state.ring(Metric.TTFT_MS, PERSIST).all().get(0);
    }

    private void ttft(int count, long at) {
        for (int i = 0; i < count; i++) {
            state.record(Metric.TTFT_MS, at + i, 150, 1.0);
        }
    }

    @Test
    void aPersistenceSliceIsSentFrozenAndStoredOnceItClosed() {
        ttft(5, T0);

        closer.close(state, T0 + PERSIST + GRACE - 1);
        assertThat(outputs).isEmpty();
        assertThat(persistedSlice().isFrozen()).isFalse();

        closer.close(state, T0 + PERSIST + GRACE);
        assertThat(outputs).singleElement().satisfies(o -> {
            assertThat(o.sink()).isEqualTo(SeriesProcessor.WINDOW_STATS_SINK);
            assertThat(o.timestampMs()).isEqualTo(T0 + PERSIST);
            assertThat(o.slice().metric()).isEqualTo(Metric.TTFT_MS);
            assertThat(o.slice().length()).isEqualTo(Duration.ofMillis(PERSIST));
            assertThat(o.slice().slice().count()).isEqualTo(5);
        });
        SliceRing.Entry entry = persistedSlice();
        assertThat(entry.isFrozen()).isTrue();
        assertThat(entry.emitted).isTrue();
        assertThat(store.get(StateKeys.slice(state.keyBytes, Metric.TTFT_MS, PERSIST, T0))).isSameAs(entry.toStored());

        closer.close(state, T0 + PERSIST + GRACE + 10_000);
        assertThat(outputs).hasSize(1);
    }

    @Test
    void aLateRecordIntoASentSliceSendsItAgain() {
        ttft(5, T0);
        closer.close(state, T0 + PERSIST + GRACE);

        ttft(1, T0 + 30_000);
        closer.close(state, T0 + PERSIST + GRACE + 10_000);

        assertThat(outputs).hasSize(2);
        assertThat(outputs.get(1).slice().slice().count()).isEqualTo(6);
        assertThat(persistedSlice().isFrozen()).isTrue();
    }

    @Test
    void slicesPastTheirRetentionAreEvictedFromRingAndStore() {
        ttft(5, T0);
        closer.close(state, T0 + PERSIST + GRACE);
        assertThat(store.get(StateKeys.slice(state.keyBytes, Metric.TTFT_MS, PERSIST, T0))).isNotNull();

        closer.close(state, T0 + Duration.ofHours(1).toMillis());

        assertThat(state.hasNoSlices()).isTrue();
        assertThat(store.get(StateKeys.slice(state.keyBytes, Metric.TTFT_MS, PERSIST, T0))).isNull();
    }
}
