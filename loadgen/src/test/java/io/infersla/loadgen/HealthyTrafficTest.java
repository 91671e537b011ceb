package io.infersla.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.catalog.Category;
import io.infersla.core.catalog.Objective;
import io.infersla.core.evaluate.Status;
import io.infersla.core.request.InferenceRequest;
import io.infersla.core.request.RequestBatchCodec;
import io.infersla.core.request.SeriesKey;
import io.infersla.engine.topic.EvaluationRecord;
import io.infersla.engine.topology.EngineSettings;
import io.infersla.engine.topology.SlaTopology;
import io.infersla.ingest.mapping.MappedExport;
import io.infersla.ingest.mapping.MappingRules;
import io.infersla.ingest.mapping.SpanMapper;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/**
 * No false pages: the generator's healthy traffic for all 20 categories, mapped by ingest's span
 * mapper and judged by the engine's topology, for 35 minutes of event time, opens nothing and
 * warns about nothing — while every judged objective is actually judged (at least one ok).
 */
class HealthyTrafficTest {

    static final Catalog CATALOG = Catalog.builtIn();
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    static final Duration RUN = Duration.ofMinutes(35);
    /** Requests per second per category: what the demo sends (40/s over 20 categories). */
    static final int PER_SECOND = 2;

    record Judged(SeriesKey series, EvaluationRecord e) {
    }

    @Test
    void aHealthyRunOfAllTwentyCategoriesOpensNothing() {
        EngineSettings settings = EngineSettings.defaults(CATALOG);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "healthy-traffic");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        SpanShapes shapes = new SpanShapes(CATALOG, "healthy");
        SpanMapper mapper = new SpanMapper(MappingRules.defaults(CATALOG));
        Random random = new Random(20261201);
        List<Judged> evaluations = new ArrayList<>();
        int breachRecords;
        int rejected = 0;
        try (TopologyTestDriver driver = new TopologyTestDriver(SlaTopology.build(settings), props, T0)) {
            ByteArraySerializer ser = new ByteArraySerializer();
            ByteArrayDeserializer de = new ByteArrayDeserializer();
            TestInputTopic<byte[], byte[]> requests = driver.createInputTopic(settings.topics().requests(), ser, ser);
            TestOutputTopic<byte[], byte[]> evaluationTopic = driver.createOutputTopic(settings.topics().evaluations(), de, de);
            TestOutputTopic<byte[], byte[]> breaches = driver.createOutputTopic(settings.topics().breaches(), de, de);
            for (long s = 0; s < RUN.toSeconds(); s++) {
                Instant second = T0.plusSeconds(s);
                for (Category category : CATALOG.categories()) {
                    List<GeneratedSpan> spans = new ArrayList<>();
                    for (int i = 0; i < PER_SECOND; i++) {
                        long end = second.toEpochMilli() * 1_000_000L + (long) ((i + random.nextDouble()) * 1e9 / PER_SECOND);
                        spans.add(shapes.next(category.id(), end, random, SpanShapes.Distortion.NONE));
                    }
                    ExportTraceServiceRequest export = OtlpEncoding.encode(spans, random);
                    MappedExport mapped = mapper.map("acme", export.getResourceSpansList(), second.plusSeconds(1));
                    rejected += mapped.rejected().size();
                    for (Map.Entry<SeriesKey, List<InferenceRequest>> e : mapped.requestsBySeries().entrySet()) {
                        requests.pipeInput(e.getKey().toBytes(), RequestBatchCodec.encode(e.getValue()), second);
                    }
                }
                driver.advanceWallClockTime(Duration.ofSeconds(1));
                evaluationTopic.readKeyValuesToList().forEach(kv ->
                        evaluations.add(new Judged(SeriesKey.fromBytes(kv.key), EvaluationRecord.fromBytes(kv.value))));
            }
            breachRecords = breaches.readValuesToList().size();
        }

        assertThat(rejected).as("no healthy span is rejected").isZero();
        List<String> bad = evaluations.stream()
                .filter(j -> j.e().status() == Status.WARNING || j.e().status() == Status.BREACH)
                .map(j -> j.series().category() + "/" + j.e().objectiveId() + " " + j.e().status().id() + " value " + j.e().value()
                        + " at " + j.e().evaluatedAt() + " (" + j.series().service() + ")")
                .toList();
        Map<String, Long> badCounts = new TreeMap<>();
        bad.forEach(b -> badCounts.merge(b.substring(0, b.indexOf(" value")), 1L, Long::sum));
        assertThat(badCounts).as("warnings and breaches of healthy traffic; first: %s", bad.stream().limit(10).toList()).isEmpty();
        assertThat(breachRecords).as("breach episodes opened").isZero();

        Set<String> judgedOk = new TreeSet<>();
        evaluations.stream().filter(j -> j.e().status() == Status.OK)
                .forEach(j -> judgedOk.add(j.series().category() + "/" + j.e().objectiveId()));
        Set<String> expected = new TreeSet<>();
        for (Category category : CATALOG.categories()) {
            for (Objective objective : category.objectives()) {
                if (!objective.isReportOnly() && !(category.id().equals("api-sync") && objective.id().equals("e2e_p95_xl"))) {
                    expected.add(category.id() + "/" + objective.id());
                }
            }
        }
        assertThat(judgedOk).as("every judged objective was judged ok at least once").containsAll(expected);
    }
}
