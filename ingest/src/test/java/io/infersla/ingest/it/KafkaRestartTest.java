package io.infersla.ingest.it;

import static io.infersla.ingest.it.KafkaTestResource.ACME_TOKEN;
import static io.infersla.ingest.it.OtlpRequests.number;
import static io.infersla.ingest.it.OtlpRequests.request;
import static io.infersla.ingest.it.OtlpRequests.span;
import static io.infersla.ingest.it.OtlpRequests.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.infersla.core.measure.Metric;
import io.infersla.core.request.InferenceRequest;
import io.infersla.ingest.config.IngestSettings;
import io.infersla.ingest.otlp.OtlpGrpcServer;
import io.infersla.testsupport.RestartableKafkaBroker;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The broker goes away and comes back while clients keep exporting, over OTLP/HTTP and gRPC at
 * once: while it is down every export is refused as retryable (503 + Retry-After, UNAVAILABLE),
 * after it is back exports succeed again without restarting ingest, and every span whose export
 * was answered with success is on {@code sla.requests}. Each span carries its own number as its
 * {@code sla.ttft_ms}, so the topic can be matched span by span.
 *
 * <p>Every wait is bounded and generous (a shared 2-core machine can pause for seconds); time
 * only decides when to move on, never what is asserted.
 */
@QuarkusTest
@WithTestResource(RestartableKafkaResource.class)
class KafkaRestartTest {

    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    RestartableKafkaBroker kafka;

    @Inject
    IngestSettings settings;

    @Inject
    OtlpGrpcServer grpc;

    @Inject
    Clock clock;

    @TestHTTPResource("/v1/traces")
    URL traces;

    /** One export's answer: success, or the refusal as the client saw it. */
    record Outcome(long spanNumber, long startedNanos, long endedNanos, boolean accepted, String refusal) {
    }

    /** Exports one span after the other on its own thread until stopped, recording each outcome. */
    static final class Sender implements AutoCloseable {
        final String service;
        final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Sender(String service, LongFunction<String> export) {
            this.service = service;
            this.thread = new Thread(() -> {
                for (long n = 1; running.get(); n++) {
                    long started = System.nanoTime();
                    String refusal = export.apply(n);
                    outcomes.add(new Outcome(n, started, System.nanoTime(), refusal == null, refusal));
                    pause();
                }
            }, "export-" + service);
            thread.start();
        }

        long count(long fromNanos, boolean accepted) {
            return outcomes.stream().filter(o -> o.startedNanos() >= fromNanos && o.accepted() == accepted).count();
        }

        Set<Long> accepted() {
            return outcomes.stream().filter(Outcome::accepted).map(Outcome::spanNumber).collect(Collectors.toSet());
        }

        private static void pause() {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(CALL_TIMEOUT.multipliedBy(2).toMillis());
        }
    }

    @Test
    void exportsAreRefusedAsRetryableWhileTheBrokerIsDownAndNoAcknowledgedSpanIsLost() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(CALL_TIMEOUT).build();
        ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", grpc.port()).usePlaintext().build();
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + ACME_TOKEN);
        TraceServiceGrpc.TraceServiceBlockingStub stub = TraceServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        String run = Long.toString(System.nanoTime(), 36);

        try (Sender overHttp = new Sender("restart-http-" + run, n -> exportOverHttp(http, "restart-http-" + run, n));
                Sender overGrpc = new Sender("restart-grpc-" + run, n -> exportOverGrpc(stub, "restart-grpc-" + run, n))) {
            List<Sender> senders = List.of(overHttp, overGrpc);
            awaitEach(senders, s -> s.count(0, true) >= 3, "3 accepted exports before the broker stops");

            kafka.stop();
            long down = System.nanoTime();
            awaitEach(senders, s -> s.count(down, false) >= 2, "2 refused exports while the broker is down");
            long up = System.nanoTime();
            kafka.restart();
            long back = System.nanoTime();
            awaitEach(senders, s -> s.count(back, true) >= 5, "5 accepted exports after the broker is back");
            overHttp.close();
            overGrpc.close();

            for (Sender sender : senders) {
                assertThat(sender.outcomes).as("exports that began and ended while the broker was down (%s)", sender.service)
                        .filteredOn(o -> o.startedNanos() >= down && o.endedNanos() <= up)
                        .isNotEmpty()
                        .allSatisfy(o -> assertThat(o.accepted()).isFalse());
                String expectedRefusal = sender == overHttp ? "503 Retry-After: " + RestartableKafkaResource.RETRY_AFTER_SECONDS
                        : "UNAVAILABLE";
                assertThat(sender.outcomes).as("every refusal is the retryable one (%s)", sender.service)
                        .filteredOn(o -> !o.accepted())
                        .extracting(Outcome::refusal)
                        .containsOnly(expectedRefusal);
                assertThat(sender.count(back, true)).as("exports accepted after the broker is back (%s)", sender.service)
                        .isGreaterThanOrEqualTo(5);

                Set<Long> acknowledged = sender.accepted();
                Set<Long> onTopic = KafkaRecords.requestsOf(settings.bootstrapServers(), settings.requestsTopic(),
                                sender.service, requests -> spanNumbers(requests).containsAll(acknowledged))
                        .stream().flatMap(r -> r.requests().stream())
                        .collect(Collectors.collectingAndThen(Collectors.toList(), KafkaRestartTest::spanNumbers));
                assertThat(onTopic).as("acknowledged spans on sla.requests (%s)", sender.service).containsAll(acknowledged);
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static Set<Long> spanNumbers(List<InferenceRequest> requests) {
        return requests.stream().flatMap(r -> r.measurements().stream())
                .filter(m -> m.metric() == Metric.TTFT_MS)
                .map(m -> (long) m.value())
                .collect(Collectors.toSet());
    }

    private ExportTraceServiceRequest oneSpan(String service, long number) {
        return request(List.of(string("service.name", service), string("sla.category", "chatbot")),
                span("llm_request", number, clock.instant().minusSeconds(1), List.of(number("sla.ttft_ms", number))));
    }

    /** Null when accepted, else the refusal: status and Retry-After. */
    private String exportOverHttp(HttpClient http, String service, long number) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(traces.toString()))
                    .timeout(CALL_TIMEOUT)
                    .header("Authorization", "Bearer " + ACME_TOKEN)
                    .header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(oneSpan(service, number).toByteArray()))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() == 200 ? null
                    : response.statusCode() + " Retry-After: " + response.headers().firstValue("Retry-After").orElse("none");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    /** Null when accepted, else the gRPC status code. */
    private String exportOverGrpc(TraceServiceGrpc.TraceServiceBlockingStub stub, String service, long number) {
        try {
            stub.withDeadlineAfter(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).export(oneSpan(service, number));
            return null;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode().name();
        }
    }

    private static void awaitEach(List<Sender> senders, java.util.function.Predicate<Sender> condition, String what)
            throws InterruptedException {
        await().atMost(PHASE_TIMEOUT).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(senders.stream().allMatch(condition)).as("%s; outcomes: %s", what,
                        senders.stream().map(s -> s.service + "=" + s.outcomes).toList()).isTrue());
    }
}
