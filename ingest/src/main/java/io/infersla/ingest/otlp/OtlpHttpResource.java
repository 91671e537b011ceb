package io.infersla.ingest.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.infersla.ingest.IngestMetrics;
import io.infersla.ingest.IngestPipeline;
import io.infersla.ingest.Transport;
import io.infersla.core.auth.BearerAuthenticator;
import io.infersla.ingest.config.IngestSettings;
import io.infersla.ingest.kafka.PublishException;
import io.infersla.ingest.mapping.MappedExport;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.jboss.logging.Logger;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Locale;

/**
 * OTLP/HTTP {@code POST /v1/traces} (OTLP specification, "OTLP/HTTP"): protobuf or JSON,
 * optionally gzip, bearer token → tenant. Statuses:
 *
 * <table>
 *   <tr><td>200</td><td>every record acknowledged by Kafka; {@code partial_success} lists refused spans</td></tr>
 *   <tr><td>400</td><td>the body is not valid gzip, protobuf or OTLP JSON</td></tr>
 *   <tr><td>401</td><td>no or unknown bearer token</td></tr>
 *   <tr><td>413</td><td>body larger than {@code infersla.ingest.max-body-size} (after decompression), or too many spans</td></tr>
 *   <tr><td>415</td><td>a Content-Type other than protobuf / JSON, or a Content-Encoding other than gzip</td></tr>
 *   <tr><td>503</td><td>Kafka did not acknowledge in time; {@code Retry-After} says when to retry</td></tr>
 * </table>
 *
 * Error bodies are a {@code google.rpc.Status} in the request's encoding, as the specification asks.
 * The method blocks a worker thread while Kafka acknowledges: that wait is the backpressure.
 */
@Path("/v1/traces")
public class OtlpHttpResource {
    private static final Logger LOG = Logger.getLogger(OtlpHttpResource.class);

    private final IngestPipeline pipeline;
    private final BearerAuthenticator authenticator;
    private final IngestMetrics metrics;
    private final long maxBodyBytes;
    private final long retryAfterSeconds;

    public OtlpHttpResource(IngestPipeline pipeline, BearerAuthenticator authenticator, IngestMetrics metrics,
            IngestSettings settings) {
        this.pipeline = pipeline;
        this.authenticator = authenticator;
        this.metrics = metrics;
        this.maxBodyBytes = settings.maxBodyBytes();
        this.retryAfterSeconds = Math.max(1, settings.retryAfter().toSeconds());
    }

    @POST
    @Blocking
    public Response export(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            byte[] body) {
        OtlpEncoding encoding = OtlpEncoding.ofContentType(contentType);
        String tenant = authenticator.tenant(authorization).orElse(null);
        if (tenant == null) {
            return refuse(encoding, StatusReply.UNAUTHENTICATED, "a valid 'Authorization: Bearer <token>' header is required");
        }
        if (encoding == null) {
            return refuse(null, StatusReply.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/x-protobuf or "
                    + "application/json, was '" + contentType + "'");
        }
        byte[] raw;
        try {
            raw = decompress(contentEncoding, body == null ? new byte[0] : body);
        } catch (UnsupportedEncodingException e) {
            return refuse(encoding, StatusReply.UNSUPPORTED_MEDIA_TYPE, e.getMessage());
        } catch (BoundedGunzip.TooLargeException e) {
            return refuse(encoding, StatusReply.TOO_LARGE, e.getMessage());
        } catch (IOException e) {
            return refuse(encoding, StatusReply.BAD_REQUEST, "the body is not valid gzip: " + e.getMessage());
        }
        ExportTraceServiceRequest request;
        try {
            request = encoding.decode(raw);
        } catch (InvalidProtocolBufferException e) {
            return refuse(encoding, StatusReply.BAD_REQUEST, "the body is not a valid " + encoding.mediaType()
                    + " ExportTraceServiceRequest: " + e.getMessage());
        }
        MappedExport export;
        try {
            export = pipeline.export(Transport.HTTP, tenant, request);
        } catch (IngestPipeline.TooManySpansException e) {
            return refuse(encoding, StatusReply.TOO_LARGE, e.getMessage());
        } catch (PublishException e) {
            LOG.warnf("OTLP/HTTP export refused: %s", e.getMessage());
            return refuse(encoding, e.retryable() ? StatusReply.UNAVAILABLE : StatusReply.INTERNAL,
                    e.retryable() ? "cannot accept spans right now, retry later" : "internal error");
        }
        return Response.ok(encoding.encode(ExportResponse.of(export)), encoding.mediaType()).build();
    }

    private byte[] decompress(String contentEncoding, byte[] body)
            throws IOException, BoundedGunzip.TooLargeException, UnsupportedEncodingException {
        String coding = contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        switch (coding) {
            case "", "identity":
                if (body.length > maxBodyBytes) {
                    throw new BoundedGunzip.TooLargeException("the body has " + body.length + " bytes, at most "
                            + maxBodyBytes + " are accepted");
                }
                return body;
            case "gzip", "x-gzip":
                return BoundedGunzip.gunzip(body, maxBodyBytes);
            default:
                throw new UnsupportedEncodingException("Content-Encoding must be gzip or absent, was '" + contentEncoding + "'");
        }
    }

    private Response refuse(OtlpEncoding encoding, StatusReply reply, String message) {
        metrics.recordRefused(Transport.HTTP, Integer.toString(reply.httpStatus()));
        Response.ResponseBuilder response = Response.status(reply.httpStatus());
        if (encoding == null) {
            response.entity(message).type("text/plain; charset=utf-8");
        } else {
            response.entity(encoding.encode(reply.status(message))).type(encoding.mediaType());
        }
        if (reply == StatusReply.UNAVAILABLE) {
            response.header("Retry-After", Long.toString(retryAfterSeconds));
        }
        if (reply == StatusReply.UNAUTHENTICATED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.build();
    }

    static final class UnsupportedEncodingException extends Exception {
        UnsupportedEncodingException(String message) {
            super(message);
        }
    }
}
