package io.infersla.ingest.it;

import static io.infersla.ingest.it.KafkaTestResource.ACME_TOKEN;
import static io.infersla.ingest.it.OtlpRequests.number;
import static io.infersla.ingest.it.OtlpRequests.request;
import static io.infersla.ingest.it.OtlpRequests.span;
import static io.infersla.ingest.it.OtlpRequests.string;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Code;
import com.google.rpc.Status;
import io.infersla.ingest.config.IngestSettings;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken input: each gets its documented status, and afterwards the process is
 * healthy and still accepts (and acknowledges on Kafka) a good export.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class OtlpHttpBadInputTest {

    @Inject
    IngestSettings settings;

    @Inject
    Clock clock;

    @TestHTTPResource("/v1/traces")
    URL traces;

    static Response post(String contentType, byte[] body) {
        return given().header("Authorization", "Bearer " + ACME_TOKEN).contentType(contentType).body(body)
                .post("/v1/traces");
    }

    static Status status(Response response) throws Exception {
        return Status.parseFrom(response.asByteArray());
    }

    byte[] goodRequest(String service) {
        return request(List.of(string("service.name", service), string("sla.category", "chatbot")),
                span("ok", 1, clock.instant().minusSeconds(1), List.of(number("sla.ttft_ms", 42)))).toByteArray();
    }

    @AfterEach
    void processStaysHealthyAndKeepsAcceptingSpans() {
        given().get("/q/health").then().statusCode(200);
        String service = "after-" + UUID.randomUUID();
        assertThat(post("application/x-protobuf", goodRequest(service)).statusCode()).isEqualTo(200);
        assertThat(KafkaRecords.requestsOf(settings.bootstrapServers(), settings.requestsTopic(), service, 1)).hasSize(1);
    }

    @Test
    void missingOrUnknownBearerTokenIs401() {
        byte[] body = goodRequest("svc");

        Response none = given().contentType("application/x-protobuf").body(body).post("/v1/traces");
        Response wrong = given().header("Authorization", "Bearer not-a-token").contentType("application/x-protobuf")
                .body(body).post("/v1/traces");
        Response basic = given().header("Authorization", "Basic " + ACME_TOKEN).contentType("application/x-protobuf")
                .body(body).post("/v1/traces");

        assertThat(List.of(none.statusCode(), wrong.statusCode(), basic.statusCode())).containsOnly(401);
        assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void unsupportedContentTypeOrEncodingIs415() {
        assertThat(post("text/plain", "hello".getBytes()).statusCode()).isEqualTo(415);
        Response brotli = given().header("Authorization", "Bearer " + ACME_TOKEN).header("Content-Encoding", "br")
                .contentType("application/x-protobuf").body(goodRequest("svc")).post("/v1/traces");
        assertThat(brotli.statusCode()).isEqualTo(415);
    }

    @Test
    void truncatedProtobufIs400WithAStatusBody() throws Exception {
        byte[] good = goodRequest("svc");

        Response response = post("application/x-protobuf", Arrays.copyOf(good, good.length - 7));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(status(response).getCode()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
        assertThat(status(response).getMessage()).contains("ExportTraceServiceRequest");
    }

    @Test
    void randomBytesAre400() {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);

        assertThat(post("application/x-protobuf", noise).statusCode()).isEqualTo(400);
    }

    @Test
    void jsonWithWrongTypesOrNoJsonAtAllIs400() {
        assertThat(post("application/json", "{\"resourceSpans\":\"nope\"}".getBytes()).statusCode()).isEqualTo(400);
        assertThat(post("application/json", ("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":"
                + "[{\"startTimeUnixNano\":{\"a\":1}}]}]}]}").getBytes()).statusCode()).isEqualTo(400);
        assertThat(post("application/json", "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"spanId\":\"zz\"}]}]}]}"
                .getBytes()).statusCode()).isEqualTo(400);
        assertThat(post("application/json", "not json".getBytes()).statusCode()).isEqualTo(400);
        Response empty = post("application/json", new byte[0]);
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.jsonPath().getInt("code")).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
    }

    @Test
    void emptyProtobufBodyIsAValidEmptyExport() throws Exception {
        Response response = post("application/x-protobuf", new byte[0]);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ExportTraceServiceResponse.parseFrom(response.asByteArray()).hasPartialSuccess()).isFalse();
    }

    /**
     * A declared length over the limit is refused before the body is read. The client asks
     * {@code Expect: 100-continue}, as large uploads should, so it receives the 413 instead of a
     * connection closed in the middle of its upload.
     */
    @Test
    void bodyOverTheLimitIs413() throws Exception {
        byte[] oversize = new byte[(int) settings.maxBodyBytes() + 1];
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(traces.toURI())
                        .header("Authorization", "Bearer " + ACME_TOKEN)
                        .header("Content-Type", "application/x-protobuf")
                        .expectContinue(true)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(oversize))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void gzipBombIs413WithoutInflatingIt() throws Exception {
        // 1 GiB of zeros would inflate from about 1 MiB of gzip; 64 MiB (64 KiB compressed) makes the point.
        byte[] bomb = OtlpRequests.gzip(new byte[64 * 1024 * 1024]);
        assertThat(bomb.length).isLessThan(128 * 1024);

        Response response = given().header("Authorization", "Bearer " + ACME_TOKEN).header("Content-Encoding", "gzip")
                .contentType("application/x-protobuf").body(bomb).post("/v1/traces");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(status(response).getCode()).isEqualTo(Code.RESOURCE_EXHAUSTED_VALUE);
    }

    @Test
    void invalidGzipIs400() {
        Response response = given().header("Authorization", "Bearer " + ACME_TOKEN).header("Content-Encoding", "gzip")
                .contentType("application/x-protobuf").body(goodRequest("svc")).post("/v1/traces");

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void tenThousandAttributesAreReadAndTheSpanAccepted() throws Exception {
        String service = "wide-" + UUID.randomUUID();
        List<KeyValue> attributes = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            attributes.add(string("custom.attribute." + i, "v" + i));
        }
        attributes.add(number("sla.ttft_ms", 33));

        Response response = post("application/x-protobuf", request(
                List.of(string("service.name", service), string("sla.category", "chatbot")),
                span("wide", 1, clock.instant().minusSeconds(1), attributes)).toByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ExportTraceServiceResponse.parseFrom(response.asByteArray()).hasPartialSuccess()).isFalse();
        assertThat(KafkaRecords.requestsOf(settings.bootstrapServers(), settings.requestsTopic(), service, 1)).hasSize(1);
    }

    @Test
    void megabyteAttributeValueIsIgnoredUnlessItIsPartOfTheSeriesIdentity() throws Exception {
        String huge = "x".repeat(1024 * 1024);
        Instant end = clock.instant().minusSeconds(1);

        Response irrelevant = post("application/x-protobuf", request(
                List.of(string("service.name", "big-" + UUID.randomUUID()), string("sla.category", "chatbot")),
                span("big", 1, end, List.of(string("http.request.body", huge), number("sla.ttft_ms", 1)))).toByteArray());
        Response identity = post("application/x-protobuf", request(
                List.of(string("service.name", huge), string("sla.category", "chatbot")),
                span("big", 2, end, List.of(number("sla.ttft_ms", 1)))).toByteArray());

        assertThat(irrelevant.statusCode()).isEqualTo(200);
        assertThat(ExportTraceServiceResponse.parseFrom(irrelevant.asByteArray()).hasPartialSuccess()).isFalse();
        assertThat(identity.statusCode()).isEqualTo(200);
        ExportTraceServiceResponse refused = ExportTraceServiceResponse.parseFrom(identity.asByteArray());
        assertThat(refused.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
        assertThat(refused.getPartialSuccess().getErrorMessage()).contains("service.name must be at most 256 characters")
                .hasSizeLessThan(1024);
    }

    @Test
    void deeplyNestedAttributeValuesAre400() {
        AnyValue nested = AnyValue.newBuilder().setStringValue("leaf").build();
        for (int i = 0; i < 200; i++) {
            nested = AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                    .addValues(KeyValue.newBuilder().setKey("k").setValue(nested))).build();
        }
        byte[] body = request(List.of(string("service.name", "deep")), span("deep", 1, clock.instant(),
                List.of(KeyValue.newBuilder().setKey("deep").setValue(nested).build()))).toByteArray();
        StringBuilder json = new StringBuilder("{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"k\",\"value\":");
        json.append("{\"kvlistValue\":{\"values\":[{\"key\":\"k\",\"value\":".repeat(5000));
        json.append("{}").append("}]}}".repeat(5000)).append("}]}}]}");

        assertThat(post("application/x-protobuf", body).statusCode()).isEqualTo(400);
        assertThat(post("application/json", json.toString().getBytes()).statusCode()).isEqualTo(400);
    }
}
