package io.infersla.engine.topology;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global contract-terms store equal to the compacted contract-terms topic: the raw
 * record per contract, a tombstone removes it. Parsing happens where the terms are used, so a
 * record this engine's catalog cannot read is reported there and never blocks the global thread.
 */
final class ContractTermsLoader implements Processor<byte[], byte[], Void, Void> {

    private final String storeName;
    private KeyValueStore<Bytes, byte[]> store;

    ContractTermsLoader(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(Bytes.wrap(record.key()));
        } else {
            store.put(Bytes.wrap(record.key()), record.value());
        }
    }
}
