package io.infersla.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.infersla.core.catalog.Catalog;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --protocol grpc} against a local grpc-java server standing in for ingest's receiver on
 * 4317: the call is {@code TraceService/Export} with the bearer token in the {@code authorization}
 * metadata, the exports carry the same span shapes as OTLP/HTTP, and partial success and refused
 * calls are counted as ingest answers them.
 */
class OtlpGrpcSenderTest {

    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> SEEN_AUTHORIZATION = Context.key("authorization");

    /** One received export and the authorization it came with. */
    record Received(String authorization, ExportTraceServiceRequest request) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private Server server;

    /** Starts the stand-in; {@code answer} decides each reply (a response, or a status to refuse with). */
    private int serve(Function<ExportTraceServiceRequest, Object> answer) throws Exception {
        TraceServiceGrpc.TraceServiceImplBase service = new TraceServiceGrpc.TraceServiceImplBase() {
            @Override
            public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> reply) {
                received.add(new Received(SEEN_AUTHORIZATION.get(), request));
                Object outcome = answer.apply(request);
                if (outcome instanceof Status status) {
                    reply.onError(status.asRuntimeException());
                } else {
                    reply.onNext((ExportTraceServiceResponse) outcome);
                    reply.onCompleted();
                }
            }
        };
        ServerInterceptor keepAuthorization = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                return Contexts.interceptCall(Context.current().withValue(SEEN_AUTHORIZATION, headers.get(AUTHORIZATION)),
                        call, headers, next);
            }
        };
        server = NettyServerBuilder.forPort(0).addService(ServerInterceptors.intercept(service, keepAuthorization)).build().start();
        return server.getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }

    private LoadGenerator.Totals run(int port, String... categories) {
        LoadSettings settings = new LoadSettings("http://127.0.0.1:" + port, "isla_test", List.of(categories), 50,
                Optional.of(Duration.ofMillis(1200)), BreachPlan.NONE, 7, Duration.ZERO, "test", Protocol.GRPC);
        return new LoadGenerator(settings, Catalog.builtIn(), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), null).run();
    }

    private List<Span> receivedSpans() {
        return received.stream().flatMap(r -> r.request().getResourceSpansList().stream())
                .flatMap(rs -> rs.getScopeSpansList().stream()).flatMap(ss -> ss.getSpansList().stream()).toList();
    }

    @Test
    void exportsGoToTraceServiceExportWithTheBearerTokenAndTheSameSpanShapes() throws Exception {
        int port = serve(request -> ExportTraceServiceResponse.getDefaultInstance());

        LoadGenerator.Totals totals = run(port, "chatbot", "search-rag");

        assertThat(received).as("exports received").isNotEmpty();
        assertThat(received).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer isla_test"));
        assertThat(totals.exportsFailed()).isZero();
        assertThat(totals.spansAccepted()).isEqualTo(totals.spansSent()).isEqualTo(receivedSpans().size());
        assertThat(receivedSpans()).extracting(Span::getName).contains("llm_request", "POST /search", "retrieval");
        Span llm = receivedSpans().stream().filter(s -> s.getName().equals("llm_request")).findFirst().orElseThrow();
        assertThat(llm.getAttributesList()).extracting(kv -> kv.getKey())
                .contains("gen_ai.latency.time_to_first_token", "gen_ai.latency.e2e", "sla.category");
        List<ResourceSpans> resources = received.get(0).request().getResourceSpansList();
        assertThat(resources).allSatisfy(rs -> assertThat(rs.getResource().getAttributesList()).extracting(kv -> kv.getKey())
                .contains("service.name", "deployment.environment.name"));
        assertThat(resources.stream().flatMap(rs -> rs.getScopeSpansList().stream()).map(ScopeSpans::getScope))
                .allSatisfy(scope -> assertThat(scope.getName()).isEqualTo(OtlpEncoding.SCOPE_NAME));
    }

    @Test
    void partialSuccessCountsRejectedSpansAndARefusedCallCountsAFailedExport() throws Exception {
        int port = serve(request -> received.size() % 2 == 1
                ? ExportTraceServiceResponse.newBuilder().setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                        .setRejectedSpans(1).setErrorMessage("1 span: unknown category")).build()
                : Status.UNAVAILABLE.withDescription("cannot accept spans right now"));

        LoadGenerator.Totals totals = run(port, "chatbot");

        long calls = received.size();
        assertThat(calls).isGreaterThanOrEqualTo(2);
        assertThat(totals.spansRejected()).isEqualTo((calls + 1) / 2);
        assertThat(totals.exportsFailed()).isEqualTo(calls / 2);
    }
}
