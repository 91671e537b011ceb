package io.infersla.engine.topology;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The content hashes of a series' last {@value #CAPACITY} request records. An OTLP export that
 * timed out is sent again by its client, and ingest then writes byte-identical records a second
 * time (it cannot know the first write succeeded); such a record is counted once. Records are
 * compared by content, so two genuinely different records never match; bounded per series, so a
 * re-send is caught while fewer than {@value #CAPACITY} other records of that series came in
 * between (exporters retry within seconds to a few minutes).
 */
final class RecentRecords {

    static final int CAPACITY = 64;

    private final long[] hashes = new long[CAPACITY];
    private final long[] sequence = new long[CAPACITY];
    private int size;
    private int next;
    private long nextSequence;
    /** Changes since the last commit, for the state store. */
    final Set<Long> added = new LinkedHashSet<>();
    final Set<Long> evicted = new LinkedHashSet<>();

    /** 64 bits from two independent hardware-accelerated checksums: cheap on every record, collisions negligible among 64. */
    static long hash(byte[] key, byte[] value) {
        CRC32C c = new CRC32C();
        c.update(key);
        c.update(value);
        CRC32 d = new CRC32();
        d.update(value);
        d.update(key);
        return (c.getValue() << 32) | d.getValue();
    }

    boolean contains(long hash) {
        for (int i = 0; i < size; i++) {
            if (hashes[i] == hash) {
                return true;
            }
        }
        return false;
    }

    void add(long hash) {
        if (size == CAPACITY) {
            evicted.add(hashes[next]);
        } else {
            size++;
        }
        hashes[next] = hash;
        sequence[next] = nextSequence++;
        next = (next + 1) % CAPACITY;
        added.add(hash);
    }

    /** The order in which {@code hash} was added, for the state store; -1 when not held. */
    long sequenceOf(long hash) {
        for (int i = 0; i < size; i++) {
            if (hashes[i] == hash) {
                return sequence[i];
            }
        }
        return -1;
    }

    void forEachHeld(java.util.function.LongConsumer action) {
        for (int i = 0; i < size; i++) {
            action.accept(hashes[i]);
        }
    }

    /** Re-adds a stored hash; call in ascending sequence order. */
    void restore(long hash, long seq) {
        if (size == CAPACITY) {
            return;
        }
        hashes[next] = hash;
        sequence[next] = seq;
        size++;
        next = (next + 1) % CAPACITY;
        nextSequence = Math.max(nextSequence, seq + 1);
    }
}
