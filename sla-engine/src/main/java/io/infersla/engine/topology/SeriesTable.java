package io.infersla.engine.topology;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.catalog.Category;
import io.infersla.core.request.SeriesKey;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;

/** A task's series in memory, by their key bytes; a series is created on its first record or restored entry. */
final class SeriesTable implements Iterable<SeriesState> {

    private final Catalog catalog;
    private final long persistMs;
    private final long lateBoundMs;
    private final long graceMs;
    private final Map<Bytes, SeriesState> series = new HashMap<>();

    SeriesTable(EngineSettings settings) {
        this.catalog = settings.catalog();
        this.persistMs = settings.persistEvery().toMillis();
        this.lateBoundMs = settings.lateBound().toMillis();
        this.graceMs = settings.grace().toMillis();
    }

    /**
     * The series with these key bytes, created if new.
     *
     * @return null when its category is not in the catalog
     * @throws IllegalArgumentException when the bytes are not a series key
     */
    SeriesState get(byte[] keyBytes) {
        SeriesState state = series.get(Bytes.wrap(keyBytes));
        if (state != null) {
            return state;
        }
        SeriesKey seriesKey = SeriesKey.fromBytes(keyBytes);
        Optional<Category> category = catalog.category(seriesKey.category());
        if (category.isEmpty()) {
            return null;
        }
        // A copy: the record's array belongs to Kafka Streams.
        state = new SeriesState(seriesKey, keyBytes.clone(), category.get().objectivesFor(seriesKey.conditionAttributes()),
                persistMs, lateBoundMs, graceMs);
        series.put(Bytes.wrap(state.keyBytes), state);
        return state;
    }

    int size() {
        return series.size();
    }

    /** Every series; {@link Iterator#remove} drops one from memory. */
    @Override
    public Iterator<SeriesState> iterator() {
        return series.values().iterator();
    }
}
