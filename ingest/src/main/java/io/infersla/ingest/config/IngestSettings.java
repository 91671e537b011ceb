package io.infersla.ingest.config;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.auth.TenantTokens;
import io.infersla.ingest.mapping.CategoryRoute;
import io.infersla.ingest.mapping.MappingRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validated ingest configuration. {@link #from(IngestConfig, Catalog)} checks every value and
 * reports all problems at once, each naming the key as typed and the bad value, e.g.
 * {@code infersla.ingest.tokens.acme: must be the SHA-256 of the token as 64 hex digits, was 'abc'}.
 *
 * @param tokenDigests SHA-256 (lower-case hex) of each accepted bearer token → its tenant
 */
public record IngestSettings(
        String bootstrapServers,
        String requestsTopic,
        String rejectedTopic,
        String otlpSpansTopic,
        Map<String, String> tokenDigests,
        long maxBodyBytes,
        int maxSpansPerRequest,
        Duration kafkaAckTimeout,
        Duration retryAfter,
        MappingRules mappingRules,
        boolean grpcEnabled,
        int grpcPort,
        boolean otlpSpansEnabled,
        OtlpSpansEncoding otlpSpansEncoding,
        String otlpSpansTenant,
        String otlpSpansGroupId) {

    /** Bounds a request body so that a decoded export fits comfortably in the heap. */
    public static final long MAX_BODY_BYTES_LIMIT = 256L * 1024 * 1024;

    public IngestSettings {
        tokenDigests = Map.copyOf(tokenDigests);
    }

    public enum OtlpSpansEncoding {
        OTLP_PROTO("otlp_proto"), OTLP_JSON("otlp_json");

        private final String id;

        OtlpSpansEncoding(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /**
     * @throws IllegalArgumentException listing every problem, one per line
     */
    public static IngestSettings from(IngestConfig config, Catalog catalog) {
        List<String> problems = new ArrayList<>();
        IngestConfig.Ingest in = config.ingest();

        String bootstrap = config.kafka().bootstrapServers().trim();
        if (bootstrap.isEmpty() || !bootstrap.matches("[^,\\s]+:\\d+(,[^,\\s]+:\\d+)*")) {
            problems.add("infersla.kafka.bootstrap-servers: must be host:port[,host:port...], was '" + bootstrap + "'");
        }
        topic(problems, "infersla.kafka.topics.requests", config.kafka().topics().requests());
        topic(problems, "infersla.kafka.topics.rejected", config.kafka().topics().rejected());
        topic(problems, "infersla.kafka.topics.otlp-spans", config.kafka().topics().otlpSpans());

        Map<String, String> digests = TenantTokens.read("infersla.ingest", in.tokens(), in.devToken(), in.devTenant(), problems);

        long maxBody = in.maxBodySize().asLongValue();
        if (maxBody < 1024 || maxBody > MAX_BODY_BYTES_LIMIT) {
            problems.add("infersla.ingest.max-body-size: must be 1K.." + (MAX_BODY_BYTES_LIMIT >> 20) + "M, was " + maxBody + " bytes");
        }
        if (in.maxSpansPerRequest() < 1) {
            problems.add("infersla.ingest.max-spans-per-request: must be >= 1, was " + in.maxSpansPerRequest());
        }
        positive(problems, "infersla.ingest.kafka-ack-timeout", in.kafkaAckTimeout());
        positive(problems, "infersla.ingest.retry-after", in.retryAfter());
        positive(problems, "infersla.ingest.late-bound", in.lateBound());
        if (in.futureSkew().isNegative()) {
            problems.add("infersla.ingest.future-skew: must be >= 0, was " + in.futureSkew());
        }
        if (in.defaultContract().isBlank()) {
            problems.add("infersla.ingest.default-contract: must not be empty");
        }

        List<CategoryRoute> routes = new ArrayList<>();
        List<IngestConfig.Route> configured = in.routes().orElse(List.of());
        for (int i = 0; i < configured.size(); i++) {
            IngestConfig.Route r = configured.get(i);
            String key = "infersla.ingest.routes[" + i + "]";
            if (catalog.category(r.category()).isEmpty()) {
                problems.add(key + ".category: must be a catalog category id, was '" + r.category() + "'");
            } else if (r.service().isEmpty() && r.model().isEmpty() && r.operation().isEmpty()) {
                problems.add(key + ": needs at least one of service, model, operation");
            } else {
                routes.add(new CategoryRoute(r.service().orElse(null), r.model().orElse(null),
                        r.operation().orElse(null), r.category()));
            }
        }

        if (in.grpc().port() < 0 || in.grpc().port() > 65535) {
            problems.add("infersla.ingest.grpc.port: must be 0..65535, was " + in.grpc().port());
        }
        OtlpSpansEncoding encoding = null;
        for (OtlpSpansEncoding e : OtlpSpansEncoding.values()) {
            if (e.id().equals(in.otlpSpans().encoding())) {
                encoding = e;
            }
        }
        if (encoding == null) {
            problems.add("infersla.ingest.otlp-spans.encoding: must be otlp_proto or otlp_json, was '"
                    + in.otlpSpans().encoding() + "'");
        }
        Optional<String> spansTenant = in.otlpSpans().tenant();
        if (in.otlpSpans().enabled()) {
            if (spansTenant.isEmpty()) {
                problems.add("infersla.ingest.otlp-spans.tenant: must be set when infersla.ingest.otlp-spans.enabled=true "
                        + "(the topic carries no credential)");
            } else {
                TenantTokens.tenant(problems, "infersla.ingest.otlp-spans.tenant", spansTenant.get());
            }
        }

        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid ingest configuration:\n  " + String.join("\n  ", problems));
        }
        MappingRules rules = new MappingRules(catalog, in.defaultContract().trim(), in.lateBound(), in.futureSkew(), routes);
        return new IngestSettings(bootstrap, config.kafka().topics().requests(), config.kafka().topics().rejected(),
                config.kafka().topics().otlpSpans(), digests, maxBody, in.maxSpansPerRequest(), in.kafkaAckTimeout(),
                in.retryAfter(), rules, in.grpc().enabled(), in.grpc().port(), in.otlpSpans().enabled(), encoding,
                spansTenant.orElse(""), in.otlpSpans().groupId());
    }

    private static void topic(List<String> problems, String key, String name) {
        if (!name.matches("[a-zA-Z0-9._-]{1,249}")) {
            problems.add(key + ": must be a Kafka topic name ([a-zA-Z0-9._-], 1 to 249 characters), was '" + name + "'");
        }
    }

    private static void positive(List<String> problems, String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            problems.add(key + ": must be > 0, was " + value);
        }
    }
}
