package io.infersla.engine.topology;

import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The engine's topology: {@code sla.requests} → {@link SeriesProcessor} (slices, evaluation,
 * breach episodes, one changelogged state store) → {@code sla.window-stats},
 * {@code sla.evaluations}, {@code sla.breaches} and rejected records to the dead-letter topic;
 * every task reads each contract's terms (overrides, maintenance windows) from a global store fed
 * by the compacted {@code sla.contract-terms} topic.
 * A plain function, so tests build exactly what production runs.
 */
public final class SlaTopology {

    public static final String SOURCE = "requests";
    public static final String PROCESSOR = "series";
    public static final String STORE = "sla-series-state";
    public static final String CONTRACT_TERMS_STORE = "sla-contract-terms";

    private SlaTopology() {
    }

    public static Topology build(EngineSettings settings) {
        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), settings.topics().requests());
        topology.addProcessor(PROCESSOR, () -> new SeriesProcessor(settings, STORE), SOURCE);
        topology.addStateStore(SliceStateStore.builder(STORE, Map.of("cleanup.policy", "compact")), PROCESSOR);
        // A global store is restored from its topic without the loader, so it holds the raw records as they are.
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CONTRACT_TERMS_STORE), Serdes.Bytes(), Serdes.ByteArray())
                        .withLoggingDisabled(),
                "contract-terms", new ByteArrayDeserializer(), new ByteArrayDeserializer(), settings.topics().contractTerms(),
                "contract-terms-loader", () -> new ContractTermsLoader(CONTRACT_TERMS_STORE));
        ByteArraySerializer bytes = new ByteArraySerializer();
        topology.addSink(SeriesProcessor.WINDOW_STATS_SINK, settings.topics().windowStats(), bytes, bytes, PROCESSOR);
        topology.addSink(SeriesProcessor.EVALUATIONS_SINK, settings.topics().evaluations(), bytes, bytes, PROCESSOR);
        topology.addSink(SeriesProcessor.BREACHES_SINK, settings.topics().breaches(), bytes, bytes, PROCESSOR);
        topology.addSink(SeriesProcessor.REJECTED_SINK, settings.topics().rejected(), bytes, bytes, PROCESSOR);
        return topology;
    }
}
