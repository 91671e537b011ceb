package io.infersla.ingest.bench;

import com.google.protobuf.ByteString;
import io.infersla.core.catalog.Catalog;
import io.infersla.ingest.mapping.MappedExport;
import io.infersla.ingest.mapping.MappingRules;
import io.infersla.ingest.mapping.SpanMapper;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Decoding an OTLP export of 100 vLLM-shaped spans and mapping it to requests, against decoding
 * alone, single-threaded. Spans per second = operations per second × 100.
 *
 * <pre>
 * mvn -B -ntp -pl ingest -am install -DskipTests
 * mvn -B -ntp -pl ingest exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *     -Dexec.args="-cp %classpath io.infersla.ingest.bench.DecodeAndMapBenchmark"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DecodeAndMapBenchmark {

    static final int SPANS = 100;
    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private byte[] export;
    private SpanMapper mapper;

    @Setup
    public void setUp() {
        mapper = new SpanMapper(MappingRules.defaults(Catalog.builtIn()));
        Random random = new Random(1);
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        long end = (NOW.toEpochMilli() - 1000) * 1_000_000L;
        for (int i = 0; i < SPANS; i++) {
            double ttft = Math.exp(Math.log(0.15) + 0.3 * random.nextGaussian());
            double e2e = ttft + 2.0 + random.nextDouble();
            byte[] spanId = new byte[8];
            byte[] traceId = new byte[16];
            random.nextBytes(spanId);
            random.nextBytes(traceId);
            scope.addSpans(Span.newBuilder().setName("llm_request").setKind(Span.SpanKind.SPAN_KIND_SERVER)
                    .setTraceId(ByteString.copyFrom(traceId)).setSpanId(ByteString.copyFrom(spanId))
                    .setStartTimeUnixNano(end - (long) (e2e * 1e9)).setEndTimeUnixNano(end)
                    .addAttributes(text("sla.category", "chatbot"))
                    .addAttributes(text("gen_ai.response.model", "meta-llama/Llama-3.1-70B-Instruct"))
                    .addAttributes(text("gen_ai.request.id", "req-" + i))
                    .addAttributes(number("gen_ai.latency.time_to_first_token", ttft))
                    .addAttributes(number("gen_ai.latency.e2e", e2e))
                    .addAttributes(number("gen_ai.latency.time_in_queue", 0.01))
                    .addAttributes(number("gen_ai.latency.time_in_model_prefill", ttft - 0.01))
                    .addAttributes(number("gen_ai.latency.time_in_model_decode", e2e - ttft))
                    .addAttributes(integer("gen_ai.usage.prompt_tokens", 300 + random.nextInt(200)))
                    .addAttributes(integer("gen_ai.usage.completion_tokens", 128 + random.nextInt(128)))
                    .addAttributes(text("gen_ai.response.finish_reasons", "[\"stop\"]")));
        }
        export = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(text("service.name", "chat-api"))
                        .addAttributes(text("deployment.environment.name", "prod")).addAttributes(text("sla.hardware", "gpu")))
                .addScopeSpans(scope)).build().toByteArray();
        MappedExport check = decodeAndMap();
        if (check.accepted() != SPANS) {
            throw new IllegalStateException("every benchmark span must map to a request, mapped " + check.accepted());
        }
    }

    @Benchmark
    public ExportTraceServiceRequest decodeOnly() throws Exception {
        return ExportTraceServiceRequest.parseFrom(export);
    }

    @Benchmark
    public MappedExport decodeAndMap() {
        try {
            return mapper.map("acme", ExportTraceServiceRequest.parseFrom(export).getResourceSpansList(), NOW);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyValue text(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static KeyValue number(String key, double value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setDoubleValue(value)).build();
    }

    private static KeyValue integer(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().include(DecodeAndMapBenchmark.class.getSimpleName()).build()).run();
    }
}
