package io.infersla.ingest.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ingest configuration as typed: {@code infersla.kafka.*} and {@code infersla.ingest.*}.
 * {@link IngestSettings#from(IngestConfig)} validates it at start-up and converts it into the
 * records the rest of the service uses; its messages name the key as the user typed it.
 */
@ConfigMapping(prefix = "infersla")
public interface IngestConfig {

    Kafka kafka();

    Ingest ingest();

    interface Kafka {
        /** {@code host:port[,host:port...]} of the Kafka cluster. */
        @WithName("bootstrap-servers")
        @WithDefault("localhost:9092")
        String bootstrapServers();

        Topics topics();
    }

    interface Topics {
        @WithDefault("sla.requests")
        String requests();

        /** The dead-letter topic for rejected spans. */
        @WithDefault("sla.requests.dlq")
        String rejected();

        @WithName("otlp-spans")
        @WithDefault("otlp_spans")
        String otlpSpans();
    }

    interface Ingest {
        /** Tenant → SHA-256 (hex) of its bearer token; tokens themselves are never configured. */
        Map<String, String> tokens();

        /**
         * A plain-text bearer token for local development (the launcher prints it); it maps to
         * {@link #devTenant()}. Absent in production.
         */
        @WithName("dev-token")
        Optional<String> devToken();

        @WithName("dev-tenant")
        @WithDefault("local")
        String devTenant();

        /** The largest request body, measured after decompression. */
        @WithName("max-body-size")
        @WithDefault("16M")
        MemorySize maxBodySize();

        @WithName("max-spans-per-request")
        @WithDefault("100000")
        int maxSpansPerRequest();

        /** How long a request waits for Kafka's acknowledgement before it is answered 503 / UNAVAILABLE. */
        @WithName("kafka-ack-timeout")
        @WithDefault("10s")
        Duration kafkaAckTimeout();

        /** The {@code Retry-After} of a 503 / 429. */
        @WithName("retry-after")
        @WithDefault("5s")
        Duration retryAfter();

        /** The contract of spans without {@code sla.contract}. */
        @WithName("default-contract")
        @WithDefault("default")
        String defaultContract();

        @WithName("late-bound")
        @WithDefault("10m")
        Duration lateBound();

        @WithName("future-skew")
        @WithDefault("2m")
        Duration futureSkew();

        /** Category routes for spans without {@code sla.category}, tried in order. */
        Optional<List<Route>> routes();

        Grpc grpc();

        @WithName("otlp-spans")
        OtlpSpans otlpSpans();
    }

    interface Route {
        Optional<String> service();

        Optional<String> model();

        Optional<String> operation();

        String category();
    }

    interface Grpc {
        @WithDefault("true")
        boolean enabled();

        /** OTLP/gRPC's registered port; 0 picks a free one (tests). */
        @WithDefault("4317")
        int port();
    }

    interface OtlpSpans {
        /** Consume the Collector's {@code otlp_spans} topic. */
        @WithDefault("false")
        boolean enabled();

        /** {@code otlp_proto} or {@code otlp_json}, as the Collector's kafka exporter {@code encoding}. */
        @WithDefault("otlp_proto")
        String encoding();

        /**
         * The tenant of every span on the topic: the topic is trusted infrastructure (only the
         * operator's Collector writes it), so the tenant is configured, not taken from the data.
         */
        Optional<String> tenant();

        @WithName("group-id")
        @WithDefault("infersla-ingest")
        String groupId();
    }
}
