package io.infersla.engine.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.measure.Metric;
import io.infersla.core.request.SeriesKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class HotStatePersistenceTest {

    private static final EngineSettings SETTINGS = EngineSettings.defaults(Catalog.builtIn());
    private static final long T0 = Instant.parse("2026-11-02T10:00:00Z").toEpochMilli();
    private static final long PERSIST = SETTINGS.persistEvery().toMillis();
    private static final SeriesKey CHAT = new SeriesKey("acme", "default", "chat-api", "prod", "llama-70b", "chatbot", "gpu", "xl");

    private final SliceStateStore store = new SliceStateStore(Stores.inMemoryKeyValueStore("hot-state").get());
    private final HotStatePersistence persistence = new HotStatePersistence(store);

    /** A chatbot series with {@code count} TTFT values in the persistence slice starting at T0, and one record seen. */
    private static SeriesState seriesWithTraffic(SeriesTable table, int count) {
        SeriesState state = table.get(CHAT.toBytes());
        for (int i = 0; i < count; i++) {
            state.record(Metric.TTFT_MS, T0 + i, 150 + i, 1.0);
        }
        state.scheduleFrom(T0);
        state.recentRecords.add(42L);
        return state;
    }

    private static SliceRing.Entry persistedSlice(SeriesState state) {
        return state.ring(Metric.TTFT_MS, PERSIST).all().get(0);
    }

    private Bytes sliceKey(SeriesState state) {
        return StateKeys.slice(state.keyBytes, Metric.TTFT_MS, PERSIST, T0);
    }

    private List<Bytes> keys() {
        List<Bytes> keys = new ArrayList<>();
        store.forEach((key, value) -> keys.add(key));
        return keys;
    }

    @Test
    void whatAFlushWroteRestoresIntoAFreshTask() {
        SeriesTable before = new SeriesTable(SETTINGS);
        SeriesState written = seriesWithTraffic(before, 7);
        persistence.flush(before, new FrameRates(), T0 + 30_000);

        SeriesTable after = new SeriesTable(SETTINGS);
        long clock = persistence.restore(after, new FrameRates());

        assertThat(clock).isEqualTo(T0 + 30_000);
        assertThat(after.size()).isEqualTo(1);
        SeriesState restored = after.get(CHAT.toBytes());
        assertThat(persistedSlice(restored).isFrozen()).isTrue(); // restored without decoding
        assertThat(persistedSlice(restored).snapshot().count()).isEqualTo(7);
        assertThat(restored.recentRecords.contains(42L)).isTrue();
        assertThat(restored.nextBoundary).isEqualTo(written.nextBoundary);
        assertThat(restored.activeSinceMs).isEqualTo(T0);
    }

    @Test
    void anEmptyStoreRestoresNoClockAndNoSeries() {
        SeriesTable table = new SeriesTable(SETTINGS);

        assertThat(persistence.restore(table, new FrameRates())).isEqualTo(TaskClock.UNSET);
        assertThat(table.size()).isZero();
    }

    @Test
    void aFlushWritesOnlyWhatChangedSinceTheLastOne() {
        SeriesTable table = new SeriesTable(SETTINGS);
        SeriesState state = seriesWithTraffic(table, 3);
        persistence.flush(table, new FrameRates(), T0);
        byte[] first = store.get(sliceKey(state));

        assertThat(state.dirtySlices).isEmpty();
        assertThat(state.metaDirty).isFalse();
        persistence.flush(table, new FrameRates(), T0);
        assertThat(store.get(sliceKey(state))).isSameAs(first); // not written again

        state.record(Metric.TTFT_MS, T0 + 10, 500, 1.0);
        persistence.flush(table, new FrameRates(), T0);
        assertThat(store.get(sliceKey(state))).isNotSameAs(first);
        assertThat(StoredSlice.slice(store.get(sliceKey(state))).count()).isEqualTo(4);
    }

    @Test
    void freezingAnUnchangedSliceAdoptsTheStoresArray() {
        SeriesTable table = new SeriesTable(SETTINGS);
        SeriesState state = seriesWithTraffic(table, 3);
        persistence.flush(table, new FrameRates(), T0);
        byte[] stored = store.get(sliceKey(state));

        persistence.freeze(state, persistedSlice(state));

        assertThat(persistedSlice(state).isFrozen()).isTrue();
        assertThat(persistedSlice(state).toStored()).isSameAs(stored);
    }

    @Test
    void freezingAChangedSliceWritesItNow() {
        SeriesTable table = new SeriesTable(SETTINGS);
        SeriesState state = seriesWithTraffic(table, 3);
        persistence.flush(table, new FrameRates(), T0);
        state.record(Metric.TTFT_MS, T0 + 10, 500, 1.0);

        persistence.freeze(state, persistedSlice(state));

        SliceRing.Entry entry = persistedSlice(state);
        assertThat(entry.dirty).isFalse();
        assertThat(store.get(sliceKey(state))).isSameAs(entry.toStored());
        assertThat(StoredSlice.slice(store.get(sliceKey(state))).count()).isEqualTo(4);
    }

    @Test
    void forgettingASeriesRemovesItsMetadataAndRecentRecordsButNotItsSlices() {
        SeriesTable table = new SeriesTable(SETTINGS);
        SeriesState state = seriesWithTraffic(table, 3);
        persistence.flush(table, new FrameRates(), T0);
        assertThat(keys()).contains(StateKeys.series(state.keyBytes), StateKeys.recentRecord(state.keyBytes, 0));

        persistence.forget(state);

        assertThat(keys()).doesNotContain(StateKeys.series(state.keyBytes), StateKeys.recentRecord(state.keyBytes, 0))
                .contains(sliceKey(state), StateKeys.CLOCK_KEY);
        persistence.deleteSlice(state, Metric.TTFT_MS, PERSIST, T0);
        assertThat(keys()).doesNotContain(sliceKey(state));
    }

    @Test
    void entriesOfACategoryTheCatalogNoLongerHasAreSkipped() {
        SeriesKey gone = new SeriesKey("acme", "default", "old", "prod", "m", "no-such-category", "gpu", "xl");
        store.put(StateKeys.slice(gone.toBytes(), Metric.TTFT_MS, PERSIST, T0), new byte[] {0});
        store.put(StateKeys.series(gone.toBytes()), new byte[] {0});

        SeriesTable table = new SeriesTable(SETTINGS);
        persistence.restore(table, new FrameRates());

        assertThat(table.size()).isZero();
    }
}
