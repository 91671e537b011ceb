package io.infersla.ingest.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.infersla.ingest.IngestMetrics;
import io.infersla.ingest.IngestPipeline;
import io.infersla.ingest.Transport;
import io.infersla.core.auth.BearerAuthenticator;
import io.infersla.core.config.TlsFiles;
import io.infersla.ingest.config.IngestSettings;
import io.infersla.ingest.kafka.PublishException;
import io.infersla.ingest.mapping.MappedExport;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import org.jboss.logging.Logger;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;

/**
 * OTLP/gRPC {@code opentelemetry.proto.collector.trace.v1.TraceService/Export} on its own port
 * (4317): a plain grpc-java server started and stopped with the application, so that it neither
 * shares nor fights the HTTP server on 4318.
 *
 * <p>The method is bound with the generated {@link TraceServiceGrpc#getExportMethod()} name but a
 * byte-array request marshaller: the service parses the request itself, so that an undecodable one
 * is {@code INVALID_ARGUMENT} (grpc-java would call a marshaller failure {@code INTERNAL}). Status
 * codes: {@code UNAUTHENTICATED} (no or unknown bearer token in {@code authorization}),
 * {@code INVALID_ARGUMENT} (also corrupt gzip), {@code RESOURCE_EXHAUSTED} (message or span count
 * over the limits; gzip is measured after decompression), {@code UNAVAILABLE} (Kafka did not
 * acknowledge in time: retryable per the OTLP specification).
 */
@Singleton
public class OtlpGrpcServer {
    private static final Logger LOG = Logger.getLogger(OtlpGrpcServer.class);

    private static final Context.Key<String> TENANT = Context.key("infersla-tenant");
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final IngestSettings settings;
    private final IngestPipeline pipeline;
    private final BearerAuthenticator authenticator;
    private final IngestMetrics metrics;
    private final Config config;
    private Server server;

    public OtlpGrpcServer(IngestSettings settings, IngestPipeline pipeline, BearerAuthenticator authenticator,
            IngestMetrics metrics, Config config) {
        this.settings = settings;
        this.pipeline = pipeline;
        this.authenticator = authenticator;
        this.metrics = metrics;
        this.config = config;
    }

    void start(@Observes StartupEvent event) throws IOException {
        // Checked whether or not gRPC is on: the same settings make OTLP/HTTP serve TLS.
        Optional<TlsFiles> tls = TlsFiles.from(key -> config.getOptionalValue(key, String.class));
        if (!settings.grpcEnabled()) {
            LOG.info("OTLP/gRPC receiver disabled (infersla.ingest.grpc.enabled=false)");
            return;
        }
        NettyServerBuilder builder = NettyServerBuilder.forPort(settings.grpcPort())
                .maxInboundMessageSize((int) Math.min(Integer.MAX_VALUE, settings.maxBodyBytes()))
                .addService(ServerInterceptors.intercept(definition(), new BearerInterceptor()));
        tls.ifPresent(files -> builder.useTransportSecurity(files.certificate().toFile(), files.key().toFile()));
        server = builder.build().start();
        LOG.infof("OTLP/gRPC receiver listening on port %d (%s)", server.getPort(),
                tls.map(files -> "TLS, certificate " + files.certificate()).orElse("plaintext"));
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (server != null) {
            server.shutdown();
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        }
    }

    /** The port the server listens on (the configured one, or the one picked for port 0); -1 when disabled. */
    public int port() {
        return server == null ? -1 : server.getPort();
    }

    private ServerServiceDefinition definition() {
        MethodDescriptor<ReceivedMessage, ExportTraceServiceResponse> export = TraceServiceGrpc.getExportMethod()
                .toBuilder(new ReceivingMarshaller(), ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance()))
                .build();
        return ServerServiceDefinition.builder(TraceServiceGrpc.SERVICE_NAME)
                .addMethod(export, ServerCalls.asyncUnaryCall(this::export))
                .build();
    }

    private void export(ReceivedMessage message, StreamObserver<ExportTraceServiceResponse> response) {
        if (message.refusal() != null) {
            refuse(response, message.refusal(), message.refusal().getDescription());
            return;
        }
        ExportTraceServiceRequest request;
        try {
            request = ExportTraceServiceRequest.parseFrom(message.bytes());
        } catch (InvalidProtocolBufferException e) {
            refuse(response, Status.INVALID_ARGUMENT, "the message is not a valid ExportTraceServiceRequest: " + e.getMessage());
            return;
        }
        MappedExport export;
        try {
            export = pipeline.export(Transport.GRPC, TENANT.get(), request);
        } catch (IngestPipeline.TooManySpansException e) {
            refuse(response, Status.RESOURCE_EXHAUSTED, e.getMessage());
            return;
        } catch (PublishException e) {
            LOG.warnf("OTLP/gRPC export refused: %s", e.getMessage());
            refuse(response, e.retryable() ? Status.UNAVAILABLE : Status.INTERNAL,
                    e.retryable() ? "cannot accept spans right now, retry later" : "internal error");
            return;
        }
        response.onNext(ExportResponse.of(export));
        response.onCompleted();
    }

    private void refuse(StreamObserver<?> response, Status status, String message) {
        metrics.recordRefused(Transport.GRPC, status.getCode().name());
        response.onError(status.withDescription(message).asRuntimeException());
    }

    /** Authenticates every call before its message is read; the tenant travels in the gRPC context. */
    private final class BearerInterceptor implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            String tenant = authenticator.tenant(headers.get(AUTHORIZATION)).orElse(null);
            if (tenant == null) {
                metrics.recordRefused(Transport.GRPC, Status.Code.UNAUTHENTICATED.name());
                call.close(Status.UNAUTHENTICATED.withDescription("a valid 'authorization: Bearer <token>' is required"),
                        new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
            return Contexts.interceptCall(Context.current().withValue(TENANT, tenant), call, headers, next);
        }
    }

    /**
     * Passes the request through as bytes, so that ingest decodes it itself and answers
     * INVALID_ARGUMENT for garbage (grpc-java would answer INTERNAL); clients sending raw bytes use it too.
     */
    public static final MethodDescriptor.Marshaller<byte[]> RAW_BYTES = new BytesMarshaller();

    /** The bytes of a request message, or why they could not be read. */
    private record ReceivedMessage(byte[] bytes, Status refusal) {
    }

    /**
     * Reads the message while grpc-java inflates it. Inflating is where a gzip bomb passes the
     * message limit (grpc-java throws RESOURCE_EXHAUSTED from the stream) and where corrupt gzip
     * fails (an IOException); thrown out of a marshaller, either becomes UNKNOWN, a server error,
     * for what is the client's fault. So the failure travels as a value to the service, which
     * answers and counts it like every other refusal.
     */
    private static final class ReceivingMarshaller implements MethodDescriptor.Marshaller<ReceivedMessage> {
        @Override
        public InputStream stream(ReceivedMessage value) {
            return new ByteArrayInputStream(value.bytes());
        }

        @Override
        public ReceivedMessage parse(InputStream stream) {
            try {
                return new ReceivedMessage(stream.readAllBytes(), null);
            } catch (StatusRuntimeException e) {
                return new ReceivedMessage(null, e.getStatus());
            } catch (IOException e) {
                return new ReceivedMessage(null, Status.INVALID_ARGUMENT.withDescription(
                        "the message cannot be decompressed: " + e.getMessage()));
            }
        }
    }

    private static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
