package io.infersla.engine.topology;

import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The content hashes of a series' last {@value #CAPACITY} request records. An OTLP export that
 * timed out is sent again by its client, and ingest then writes byte-identical records a second
 * time (it cannot know the first write succeeded); such a record is counted once. Records are
 * compared by content, so two genuinely different records never match; bounded per series, so a
 * re-send is caught while fewer than {@value #CAPACITY} other records of that series came in
 * between (exporters retry within seconds to a few minutes).
 *
 * <p>Each hash gets a sequence number; its slot is the sequence modulo the capacity, so the
 * state store holds one entry per slot and what changed since the last commit is simply every
 * slot whose sequence is at least the first one not yet written.
 */
final class RecentRecords {

    static final int CAPACITY = 64;

    /** Receives one slot's content for the state store. */
    interface SlotWriter {
        void write(int slot, long sequence, long hash);
    }

    private final long[] hashes = new long[CAPACITY];
    private final long[] sequence = new long[CAPACITY];
    private long nextSequence;
    private long unwrittenFrom;

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

    private int size() {
        return (int) Math.min(nextSequence, CAPACITY);
    }

    boolean contains(long hash) {
        for (int i = 0, n = size(); i < n; i++) {
            if (hashes[i] == hash) {
                return true;
            }
        }
        return false;
    }

    void add(long hash) {
        int slot = (int) (nextSequence % CAPACITY);
        hashes[slot] = hash;
        sequence[slot] = nextSequence++;
    }

    /** Hands every slot changed since the last call to {@code writer}, once each. */
    void writeChanged(SlotWriter writer) {
        if (unwrittenFrom == nextSequence) {
            return;
        }
        for (int slot = 0, n = size(); slot < n; slot++) {
            if (sequence[slot] >= unwrittenFrom) {
                writer.write(slot, sequence[slot], hashes[slot]);
            }
        }
        unwrittenFrom = nextSequence;
    }

    /** The slots in use, to remove them from the store when the series is dropped. */
    int slotsInUse() {
        return size();
    }

    /** Puts back a slot read from the state store. */
    void restore(long seq, long hash) {
        int slot = (int) (seq % CAPACITY);
        hashes[slot] = hash;
        sequence[slot] = seq;
        nextSequence = Math.max(nextSequence, seq + 1);
        unwrittenFrom = nextSequence;
    }
}
