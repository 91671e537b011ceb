package io.infersla.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class OtlpJsonTest {

    /** As the Collector's otlp_json encoding (and the OTLP JSON examples) write a span. */
    static final String COLLECTOR_JSON = """
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},
              "scopeSpans":[{"scope":{"name":"s"},"spans":[{
                "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
                "parentSpanId":"eee19b7ec3c1b173","name":"llm_request","kind":2,
                "startTimeUnixNano":"1544712660000000000","endTimeUnixNano":1544712661000000000,
                "attributes":[{"key":"n","value":{"intValue":"42"}}],
                "links":[{"traceId":"00000000000000000000000000000001","spanId":"0000000000000002"}],
                "status":{"code":1}}]}]}]}
            """;

    @Test
    void readsHexIdsIntegerEnumsAndInt64AsStringOrNumber() throws Exception {
        ExportTraceServiceRequest request = OtlpJson.parse(COLLECTOR_JSON.getBytes(StandardCharsets.UTF_8));

        Span span = request.getResourceSpans(0).getScopeSpans(0).getSpans(0);
        assertThat(span.getTraceId()).isEqualTo(hex("5b8efff798038103d269b633813fc60c"));
        assertThat(span.getSpanId()).isEqualTo(hex("eee19b7ec3c1b174"));
        assertThat(span.getParentSpanId()).isEqualTo(hex("eee19b7ec3c1b173"));
        assertThat(span.getLinks(0).getTraceId()).isEqualTo(hex("00000000000000000000000000000001"));
        assertThat(span.getLinks(0).getSpanId()).isEqualTo(hex("0000000000000002"));
        assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(span.getStartTimeUnixNano()).isEqualTo(1544712660000000000L);
        assertThat(span.getEndTimeUnixNano()).isEqualTo(1544712661000000000L);
        assertThat(span.getAttributes(0).getValue().getIntValue()).isEqualTo(42);
    }

    @Test
    void upperCaseHexIsAcceptedAndEmptyIdsStayEmpty() throws Exception {
        ExportTraceServiceRequest request = OtlpJson.parse("""
                {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":""}]}]}]}
                """.getBytes(StandardCharsets.UTF_8));

        Span span = request.getResourceSpans(0).getScopeSpans(0).getSpans(0);
        assertThat(span.getTraceId()).isEqualTo(hex("5b8efff798038103d269b633813fc60c"));
        assertThat(span.getSpanId().isEmpty()).isTrue();
    }

    @Test
    void idsThatAreNotHexOfTheRightLengthAreRefused() {
        assertThatThrownBy(() -> OtlpJson.parse("""
                {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"AQIDBAUGBwgJCgsMDQ4PEA=="}]}]}]}
                """.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessageContaining("traceId must be 32 hex digits");
        assertThatThrownBy(() -> OtlpJson.parse("""
                {"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"zzzzzzzzzzzzzzzz"}]}]}]}
                """.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("spanId must be hex");
    }

    @Test
    void printsTheResponseWithLowerCamelCaseNames() {
        String json = OtlpJson.print(ExportTraceServiceResponse.newBuilder().setPartialSuccess(
                ExportTracePartialSuccess.newBuilder().setRejectedSpans(2).setErrorMessage("why")).build());

        assertThat(json).isEqualTo("{\"partialSuccess\":{\"rejectedSpans\":\"2\",\"errorMessage\":\"why\"}}");
        assertThat(OtlpJson.print(ExportTraceServiceResponse.getDefaultInstance())).isEqualTo("{}");
    }

    static ByteString hex(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }
}
