package io.infersla.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersla.core.catalog.Catalog;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OtlpEncodingTest {

    static final SpanShapes SHAPES = new SpanShapes(Catalog.builtIn(), "test");
    static final long END = 1_780_000_000_000_000_000L;

    @Test
    void oneResourceSpansPerServiceAndChildrenLinkedToTheirParentInOneTrace() throws Exception {
        Random random = new Random(1);
        List<GeneratedSpan> requests = List.of(
                SHAPES.next("agentic", END, random, SpanShapes.Distortion.NONE),
                SHAPES.next("chatbot", END, random, SpanShapes.Distortion.NONE),
                SHAPES.next("chatbot", END, random, SpanShapes.Distortion.NONE));

        ExportTraceServiceRequest export = ExportTraceServiceRequest.parseFrom(
                OtlpEncoding.encode(requests, new Random(2)).toByteArray());

        assertThat(export.getResourceSpansList()).extracting(r -> attribute(r.getResource().getAttributesList(), "service.name"))
                .containsExactly("agent-runtime", "chatbot-vllm");
        ResourceSpans agent = export.getResourceSpans(0);
        List<Span> spans = agent.getScopeSpans(0).getSpansList();
        Span root = spans.get(0);
        assertThat(root.getName()).isEqualTo("invoke_agent");
        assertThat(root.getParentSpanId().isEmpty()).isTrue();
        assertThat(root.getTraceId().size()).isEqualTo(16);
        assertThat(spans.subList(1, spans.size())).isNotEmpty().allSatisfy(step -> {
            assertThat(step.getTraceId()).isEqualTo(root.getTraceId());
            assertThat(step.getParentSpanId()).isEqualTo(root.getSpanId());
            assertThat(step.getSpanId().size()).isEqualTo(8);
        });
        List<Span> chats = export.getResourceSpans(1).getScopeSpans(0).getSpansList();
        assertThat(chats).hasSize(2);
        assertThat(chats.get(0).getTraceId()).isNotEqualTo(chats.get(1).getTraceId());
        assertThat(chats.get(0).getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(chats.get(0).getEndTimeUnixNano()).isEqualTo(END);
        KeyValue ttft = chats.get(0).getAttributesList().stream()
                .filter(kv -> kv.getKey().equals("gen_ai.latency.time_to_first_token")).findFirst().orElseThrow();
        assertThat(ttft.getValue().hasDoubleValue()).isTrue();
        KeyValue tokens = chats.get(0).getAttributesList().stream()
                .filter(kv -> kv.getKey().equals("gen_ai.usage.completion_tokens")).findFirst().orElseThrow();
        assertThat(tokens.getValue().hasIntValue()).isTrue();
    }

    static String attribute(List<KeyValue> attributes, String key) {
        return attributes.stream().filter(kv -> kv.getKey().equals(key)).findFirst().orElseThrow().getValue().getStringValue();
    }
}
