package io.infersla.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The load test's arithmetic against a real HTTP server on loopback that answers like ingest:
 * every third export 503, the others 200 with one rejected span, each after about 5 ms.
 */
class ClosedLoopRunTest {

    private static final int SPANS = 10;

    private HttpServer server;
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger spansSeen = new AtomicInteger();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.createContext("/v1/traces", exchange -> {
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes());
            spansSeen.addAndGet(request.getResourceSpans(0).getScopeSpans(0).getSpansCount());
            sleep(5);
            if (received.incrementAndGet() % 3 == 0) {
                exchange.getResponseHeaders().add("Retry-After", "1");
                exchange.sendResponseHeaders(503, -1);
            } else {
                byte[] body = ExportTraceServiceResponse.newBuilder()
                        .setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(1)).build().toByteArray();
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void countsAcceptedSpansFailuresAndLatenciesOfTheMeasuredIntervalOnly() throws InterruptedException {
        List<byte[]> exports = VllmExports.encode(4, SPANS, Instant.parse("2026-11-29T04:00:00Z"), 1);

        ClosedLoopRun.Outcome outcome = ClosedLoopRun.run("http://127.0.0.1:" + server.getAddress().getPort(), "token",
                // long enough that a busy 2-core machine still answers inside the measured interval
                exports, SPANS, 4, Duration.ofSeconds(1), Duration.ofSeconds(3));

        assertThat(spansSeen.get()).as("every export has its spans").isEqualTo(received.get() * SPANS);
        long answered = outcome.exports() + outcome.failureCount();
        assertThat(answered).as("warm-up exports are not counted").isPositive().isLessThan(received.get());
        assertThat(outcome.failures()).containsOnlyKeys("HTTP 503");
        assertThat((double) outcome.failureCount() / answered).isCloseTo(1 / 3.0, within(0.05));
        assertThat(outcome.acceptedSpans()).isEqualTo(outcome.exports() * (SPANS - 1));
        assertThat(outcome.rejectedSpans()).isEqualTo(outcome.exports());
        assertThat(outcome.spansPerSecond()).isCloseTo(outcome.acceptedSpans() / 3.0, within(1e-6));
        assertThat(outcome.latencyNanos()).hasSize((int) answered).isSorted();
        assertThat(outcome.latencyMs(0.5)).isGreaterThanOrEqualTo(5.0);
        assertThat(outcome.latencyMs(1.0)).isGreaterThanOrEqualTo(outcome.latencyMs(0.99));
    }

    @Test
    void vllmExportsHoldTheAskedNumberOfLlmRequestSpansEndingBeforeTheGivenTime() throws IOException {
        Instant end = Instant.parse("2026-11-29T04:00:00Z");
        long endNanos = end.getEpochSecond() * 1_000_000_000L;

        List<byte[]> exports = VllmExports.encode(2, 100, end, 7);

        assertThat(exports).hasSize(2);
        for (byte[] bytes : exports) {
            var spans = ExportTraceServiceRequest.parseFrom(bytes).getResourceSpansList().stream()
                    .flatMap(r -> r.getScopeSpansList().stream()).flatMap(s -> s.getSpansList().stream()).toList();
            assertThat(spans).hasSize(100).allSatisfy(span -> {
                assertThat(span.getName()).isEqualTo("llm_request");
                assertThat(span.getEndTimeUnixNano()).isBetween(endNanos - 1_000_000_000L, endNanos);
                assertThat(span.getAttributesList()).extracting(a -> a.getKey())
                        .contains("gen_ai.latency.time_to_first_token", "gen_ai.usage.completion_tokens", "sla.category");
            });
        }
        assertThat(exports.get(0)).isNotEqualTo(exports.get(1));
    }
}
