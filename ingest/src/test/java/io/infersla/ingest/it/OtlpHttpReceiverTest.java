package io.infersla.ingest.it;

import static io.infersla.ingest.it.KafkaTestResource.ACME_TOKEN;
import static io.infersla.ingest.it.KafkaTestResource.GLOBEX_TOKEN;
import static io.infersla.ingest.it.OtlpRequests.number;
import static io.infersla.ingest.it.OtlpRequests.request;
import static io.infersla.ingest.it.OtlpRequests.span;
import static io.infersla.ingest.it.OtlpRequests.string;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.infersla.core.measure.Measurement;
import io.infersla.core.measure.Metric;
import io.infersla.core.request.SeriesKey;
import io.infersla.ingest.config.IngestSettings;
import io.infersla.ingest.kafka.DeadLetter;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class OtlpHttpReceiverTest {

    @Inject
    IngestSettings settings;

    @Inject
    Clock clock;

    @TestHTTPResource("/v1/traces")
    URL traces;

    static Map<Metric, Double> values(List<Measurement> measurements) {
        return measurements.stream().collect(Collectors.toMap(Measurement::metric, Measurement::value));
    }

    @Test
    void sdkHttpProtobufExportBecomesOneRequestRecordPerSeriesAndRejectsGoToTheDeadLetterTopic() {
        String service = "vllm-" + UUID.randomUUID();
        // sla.requests keeps microseconds.
        Instant end = clock.instant().minusSeconds(1).truncatedTo(ChronoUnit.MICROS);
        SdkSpans spans = new SdkSpans(Attributes.of(AttributeKey.stringKey("service.name"), service,
                AttributeKey.stringKey("sla.category"), "chatbot", AttributeKey.stringKey("sla.hardware"), "gpu"))
                .span("llm_request", SpanKind.SERVER, end.minusMillis(1600), end, Attributes.builder()
                        .put("gen_ai.latency.time_to_first_token", 0.12)
                        .put("gen_ai.latency.e2e", 1.5)
                        .put("gen_ai.latency.time_in_model_decode", 1.3)
                        .put("gen_ai.usage.prompt_tokens", 512L)
                        .put("gen_ai.usage.completion_tokens", 131L)
                        .put("gen_ai.response.model", "llama-3.1-8b")
                        .build())
                .span("llm_request", SpanKind.SERVER, end.minusMillis(900), end.plusMillis(1), Attributes.builder()
                        .put("gen_ai.latency.time_to_first_token", 0.09)
                        .put("gen_ai.response.model", "llama-3.1-8b")
                        .build())
                .span("tokenize", SpanKind.INTERNAL, end.minusMillis(5), end, Attributes.empty())
                .span("bad", SpanKind.SERVER, end.minusMillis(5), end, Attributes.builder()
                        .put("sla.ttft_ms", -5.0).build());

        try (OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(traces.toString())
                .addHeader("Authorization", "Bearer " + ACME_TOKEN)
                .build()) {
            assertThat(spans.exportWith(exporter).isSuccess()).isTrue();
        }

        List<KafkaRecords.SeriesRequests> records =
                KafkaRecords.requestsOf(settings.bootstrapServers(), settings.requestsTopic(), service, 2);
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.series()).isEqualTo(new SeriesKey("acme", "default", service, "", "llama-3.1-8b", "chatbot", "gpu", ""));
            assertThat(r.requests()).hasSize(2);
            Map<Metric, Double> first = values(r.requests().get(0).measurements());
            assertThat(first.get(Metric.TTFT_MS)).isCloseTo(120, within(1e-9));
            assertThat(first.get(Metric.E2E_MS)).isCloseTo(1500, within(1e-9));
            assertThat(first.get(Metric.TPOT_MS)).isCloseTo(10, within(1e-9));
            assertThat(first.get(Metric.TOKENS)).isEqualTo(643);
            assertThat(r.requests().get(0).completedAt()).isEqualTo(end);
        });
        String spanId = spans.spans().get(3).getSpanId();
        List<ConsumerRecord<byte[], byte[]>> dead = KafkaRecords.read(settings.bootstrapServers(), settings.rejectedTopic(),
                rec -> new String(rec.value(), StandardCharsets.UTF_8).contains(spanId), 1);
        assertThat(dead).singleElement().satisfies(rec -> {
            assertThat(new String(rec.headers().lastHeader(DeadLetter.REASON_HEADER).value(), StandardCharsets.UTF_8))
                    .isEqualTo("negative");
            assertThat(new String(rec.value(), StandardCharsets.UTF_8))
                    .contains("\"reason\":\"negative\"", "\"tenant\":\"acme\"", "\"span_name\":\"bad\"",
                            "\"attribute\":\"sla.ttft_ms\"", "\"value\":\"-5.0\"",
                            "\"trace_id\":\"" + spans.spans().get(3).getTraceId() + "\"");
        });
    }

    @Test
    void protobufResponseReportsRejectedSpansAsPartialSuccess() throws Exception {
        Instant end = clock.instant().minusSeconds(1);
        byte[] body = request(List.of(string("service.name", "svc-" + UUID.randomUUID()), string("sla.category", "chatbot")),
                span("ok", 1, end, List.of(number("sla.ttft_ms", 80))),
                span("negative", 2, end, List.of(number("sla.ttft_ms", -1))),
                span("unknown", 3, end, List.of(string("sla.category", "telepathy"), number("sla.ttft_ms", 1))))
                .toByteArray();

        Response response = given().header("Authorization", "Bearer " + ACME_TOKEN)
                .contentType("application/x-protobuf").body(body)
                .post("/v1/traces");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/x-protobuf");
        ExportTraceServiceResponse parsed = ExportTraceServiceResponse.parseFrom(response.asByteArray());
        assertThat(parsed.getPartialSuccess().getRejectedSpans()).isEqualTo(2);
        assertThat(parsed.getPartialSuccess().getErrorMessage())
                .startsWith("2 spans rejected (")
                .contains("negative: 1", "unknown_category: 1");
    }

    @Test
    void fullyAcceptedExportAnswersAnEmptyResponseInTheRequestsEncoding() throws Exception {
        Instant end = clock.instant().minusSeconds(1);
        byte[] body = request(List.of(string("service.name", "svc-" + UUID.randomUUID()), string("sla.category", "chatbot")),
                span("ok", 1, end, List.of(number("sla.ttft_ms", 80)))).toByteArray();

        Response response = given().header("Authorization", "Bearer " + ACME_TOKEN)
                .contentType("application/x-protobuf").body(body).post("/v1/traces");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ExportTraceServiceResponse.parseFrom(response.asByteArray()).hasPartialSuccess()).isFalse();
    }

    @Test
    void otlpJsonWithHexIdsIntegerEnumsAndStringInt64IsAccepted() {
        String service = "json-" + UUID.randomUUID();
        long endNanos = nanos(clock.instant().minusSeconds(1));
        String json = """
                {"resourceSpans":[{"resource":{"attributes":[
                   {"key":"service.name","value":{"stringValue":"%s"}},
                   {"key":"sla.category","value":{"stringValue":"chatbot"}}]},
                 "scopeSpans":[{"scope":{"name":"vllm"},"spans":[
                   {"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","name":"llm_request","kind":2,
                    "startTimeUnixNano":"%d","endTimeUnixNano":"%d",
                    "attributes":[{"key":"gen_ai.latency.e2e","value":{"doubleValue":0.25}},
                                  {"key":"gen_ai.usage.completion_tokens","value":{"intValue":"11"}},
                                  {"key":"gen_ai.latency.time_in_model_decode","value":{"doubleValue":0.2}}],
                    "unknownFieldFromTheFuture":{"x":1}},
                   {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"00f067aa0ba902b7","name":"bad","kind":2,
                    "startTimeUnixNano":%d,"endTimeUnixNano":"%d",
                    "attributes":[{"key":"sla.e2e_ms","value":{"doubleValue":-3}}]}]}]}]}
                """.formatted(service, endNanos - 300_000_000L, endNanos, endNanos - 1000, endNanos);

        Response response = given().header("Authorization", "Bearer " + ACME_TOKEN)
                .contentType("application/json").body(json).post("/v1/traces");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.jsonPath().getString("partialSuccess.rejectedSpans")).isEqualTo("1");
        List<KafkaRecords.SeriesRequests> records =
                KafkaRecords.requestsOf(settings.bootstrapServers(), settings.requestsTopic(), service, 1);
        assertThat(records).singleElement().satisfies(r -> {
            Map<Metric, Double> measured = values(r.requests().get(0).measurements());
            assertThat(measured.get(Metric.E2E_MS)).isCloseTo(250, within(1e-9));
            assertThat(measured.get(Metric.TPOT_MS)).isCloseTo(20, within(1e-9));
            assertThat(measured.get(Metric.TOKENS)).isEqualTo(11);
        });
        List<ConsumerRecord<byte[], byte[]>> dead = KafkaRecords.read(settings.bootstrapServers(), settings.rejectedTopic(),
                rec -> new String(rec.value(), StandardCharsets.UTF_8).contains("00f067aa0ba902b7"), 1);
        assertThat(dead).singleElement().satisfies(rec -> assertThat(new String(rec.value(), StandardCharsets.UTF_8))
                .contains("\"trace_id\":\"5b8efff798038103d269b633813fc60c\"", "\"span_id\":\"00f067aa0ba902b7\""));
    }

    @Test
    void gzipProtobufIsDecompressedAndAccepted() {
        String service = "gzip-" + UUID.randomUUID();
        byte[] body = request(List.of(string("service.name", service), string("sla.category", "image-classification")),
                span("classify", 7, clock.instant().minusSeconds(1), List.of())).toByteArray();

        Response response = given().header("Authorization", "Bearer " + ACME_TOKEN)
                .header("Content-Encoding", "gzip").contentType("application/x-protobuf")
                .body(OtlpRequests.gzip(body)).post("/v1/traces");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(KafkaRecords.requestsOf(settings.bootstrapServers(), settings.requestsTopic(), service, 1))
                .singleElement().satisfies(r -> assertThat(values(r.requests().get(0).measurements()))
                        .containsEntry(Metric.E2E_MS, 200.0));
    }

    @Test
    void tenantComesFromTheTokenAndNeverFromTheData() {
        String service = "tenant-" + UUID.randomUUID();
        byte[] body = request(List.of(string("service.name", service), string("sla.category", "chatbot"),
                        string("tenant", "acme"), string("sla.tenant", "acme"), string("infersla.tenant", "acme")),
                span("s", 9, clock.instant().minusSeconds(1), List.of(string("tenant", "acme"), number("sla.ttft_ms", 5))))
                .toByteArray();

        Response response = given().header("Authorization", "bearer " + GLOBEX_TOKEN)
                .contentType("application/x-protobuf").body(body).post("/v1/traces");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(KafkaRecords.requestsOf(settings.bootstrapServers(), settings.requestsTopic(), service, 1))
                .singleElement().satisfies(r -> assertThat(r.series().tenant()).isEqualTo("globex"));
    }

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    @Test
    void metricsCountSpansByOutcomeAndRejectionReasonAndTimeKafkaSends() {
        Map<String, Double> before = metrics();
        Instant end = clock.instant().minusSeconds(1);
        byte[] body = request(List.of(string("service.name", "m-" + UUID.randomUUID()), string("sla.category", "chatbot")),
                span("ok", 1, end, List.of(number("sla.ttft_ms", 80))),
                span("child", 2, end, List.of()).setKind(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_INTERNAL),
                span("nan", 3, end, List.of(string("sla.ttft_ms", "soon"))),
                span("future", 4, end.plus(settings.mappingRules().futureSkew()).plusSeconds(60),
                        List.of(number("sla.ttft_ms", 1)))).toByteArray();

        assertThat(given().header("Authorization", "Bearer " + ACME_TOKEN).contentType("application/x-protobuf")
                .body(body).post("/v1/traces").statusCode()).isEqualTo(200);
        Map<String, Double> after = metrics();

        assertThat(delta(before, after, "infersla_ingest_spans_received_total{transport=\"otlp_http\"}")).isEqualTo(4);
        assertThat(delta(before, after, "infersla_ingest_spans_accepted_total{transport=\"otlp_http\"}")).isEqualTo(1);
        assertThat(delta(before, after, "infersla_ingest_spans_ignored_total{transport=\"otlp_http\"}")).isEqualTo(1);
        assertThat(delta(before, after, "infersla_ingest_spans_rejected_total{reason=\"nan\"}")).isEqualTo(1);
        assertThat(delta(before, after, "infersla_ingest_spans_rejected_total{reason=\"future\"}")).isEqualTo(1);
        assertThat(delta(before, after, "infersla_ingest_kafka_send_seconds_count")).isEqualTo(1);
    }

    /** The Prometheus text of /q/metrics as sample name with labels → value. */
    static Map<String, Double> metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("infersla_ingest_"))
                .collect(Collectors.toMap(line -> line.substring(0, line.lastIndexOf(' ')),
                        line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), (a, b) -> b));
    }

    static double delta(Map<String, Double> before, Map<String, Double> after, String sample) {
        assertThat(after).containsKey(sample);
        return after.get(sample) - before.getOrDefault(sample, 0.0);
    }
}
