package io.infersla.ingest;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.auth.BearerAuthenticator;
import io.infersla.ingest.config.IngestConfig;
import io.infersla.ingest.config.IngestSettings;
import io.infersla.ingest.kafka.RequestPublisher;
import io.infersla.ingest.mapping.SpanMapper;
import org.jboss.logging.Logger;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Wires the framework-free parts together once, at start-up: the validated settings (a bad
 * value stops the application with a message naming the key), the mapper, the Kafka publisher
 * and the pipeline every receiver shares.
 */
@Singleton
public class IngestBeans {
    private static final Logger LOG = Logger.getLogger(IngestBeans.class);

    @Produces
    @Singleton
    @Startup
    IngestSettings settings(IngestConfig config) {
        IngestSettings settings = IngestSettings.from(config, Catalog.builtIn());
        if (config.ingest().devToken().isPresent()) {
            LOG.warnf("infersla.ingest.dev-token is set: tenant '%s' accepts a development token; never in production",
                    config.ingest().devTenant());
        }
        if (settings.tokenDigests().isEmpty()) {
            LOG.warn("no bearer tokens are configured (infersla.ingest.tokens.<tenant>): every OTLP request will be refused");
        }
        return settings;
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    BearerAuthenticator authenticator(IngestSettings settings) {
        return new BearerAuthenticator(settings.tokenDigests());
    }

    @Produces
    @Singleton
    RequestPublisher publisher(IngestSettings settings) {
        return RequestPublisher.create(settings.bootstrapServers(), settings.requestsTopic(), settings.rejectedTopic(),
                settings.kafkaAckTimeout());
    }

    void closePublisher(@Disposes RequestPublisher publisher) {
        publisher.close();
    }

    @Produces
    @Singleton
    IngestPipeline pipeline(IngestSettings settings, RequestPublisher publisher, IngestMetrics metrics, Clock clock) {
        return new IngestPipeline(new SpanMapper(settings.mappingRules()), publisher, metrics, clock,
                settings.maxSpansPerRequest());
    }
}
