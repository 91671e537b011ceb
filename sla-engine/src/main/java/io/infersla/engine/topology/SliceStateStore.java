package io.infersla.engine.topology;

import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * The engine's state store: a changelogged key-value store plus a commit hook. The processor
 * keeps its hot state (open slices, breach state) in memory and records nothing per
 * measurement here; the hook writes the dirty hot state into the changelogged store right
 * before each commit. So state is serialised once per commit instead of once per record, and
 * what is committed always matches the committed input offsets and outputs (exactly-once holds
 * across crashes).
 *
 * <p>Why {@link CachedStateStore}: in Kafka Streams 4.1, {@code StreamTask.prepareCommit} calls
 * only {@code flushCache()} on caching stores before it flushes the producer and commits the
 * transaction; {@link #flush()} runs after the commit, at checkpoint time. Our hot state is a
 * cache in exactly that sense, so it is flushed there. The interface is internal to Kafka
 * Streams; {@code EngineIT} (an engine killed mid-stream must neither lose nor double count)
 * fails if a Kafka upgrade changes this contract.
 *
 * <p>It does not implement {@code KeyValueStore}: Kafka Streams hands a processor such a store
 * as it is (not wrapped in a read-write decorator), so the processor gets this object and its
 * hook.
 */
public final class SliceStateStore implements StateStore, CachedStateStore<Bytes, byte[]> {

    private final KeyValueStore<Bytes, byte[]> inner;
    private Runnable beforeFlush = () -> { };

    SliceStateStore(KeyValueStore<Bytes, byte[]> inner) {
        this.inner = inner;
    }

    /** A builder for the topology; the inner store is in memory, restored from its changelog. */
    public static StoreBuilder<SliceStateStore> builder(String name, Map<String, String> changelogConfig) {
        StoreBuilder<KeyValueStore<Bytes, byte[]>> innerBuilder = Stores
                .keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingDisabled()
                .withLoggingEnabled(changelogConfig);
        return new Builder(name, innerBuilder);
    }

    /** Runs before every commit (and every flush): the place to write dirty hot state. */
    public void beforeFlush(Runnable hook) {
        this.beforeFlush = hook;
    }

    public void put(Bytes key, byte[] value) {
        inner.put(key, value);
    }

    public byte[] get(Bytes key) {
        return inner.get(key);
    }

    public void delete(Bytes key) {
        inner.delete(key);
    }

    /** Visits every entry (used once, when a task starts, to rebuild the hot state). */
    public void forEach(BiConsumer<Bytes, byte[]> visitor) {
        try (KeyValueIterator<Bytes, byte[]> all = inner.all()) {
            while (all.hasNext()) {
                KeyValue<Bytes, byte[]> entry = all.next();
                visitor.accept(entry.key, entry.value);
            }
        }
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        inner.init(context, root);
    }

    /** Called by Kafka Streams before every commit (see the class comment). */
    @Override
    public void flushCache() {
        beforeFlush.run();
    }

    @Override
    public void clearCache() {
        // the hot state is the processor's own and always current: nothing to drop
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Bytes, byte[]> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public void flush() {
        beforeFlush.run();
        inner.flush();
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    private static final class Builder implements StoreBuilder<SliceStateStore> {
        private final String name;
        private final StoreBuilder<KeyValueStore<Bytes, byte[]>> inner;

        Builder(String name, StoreBuilder<KeyValueStore<Bytes, byte[]>> inner) {
            this.name = name;
            this.inner = inner;
        }

        @Override
        public StoreBuilder<SliceStateStore> withCachingEnabled() {
            throw new UnsupportedOperationException("the slice store keeps its own hot state; a cache would only double it");
        }

        @Override
        public StoreBuilder<SliceStateStore> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<SliceStateStore> withLoggingEnabled(Map<String, String> config) {
            inner.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<SliceStateStore> withLoggingDisabled() {
            throw new UnsupportedOperationException("the slice store must be changelogged: it is how state survives a crash");
        }

        @Override
        public SliceStateStore build() {
            return new SliceStateStore(inner.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return true;
        }

        @Override
        public String name() {
            return name;
        }
    }
}
