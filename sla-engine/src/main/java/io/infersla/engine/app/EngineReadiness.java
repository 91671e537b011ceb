package io.infersla.engine.app;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the topology runs (or is not run in this process); /q/health/ready reports it. */
@Readiness
@ApplicationScoped
public class EngineReadiness implements HealthCheck {

    private final EngineLifecycle lifecycle;

    EngineReadiness(EngineLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        return lifecycle.streamsState()
                .map(state -> HealthCheckResponse.named("sla-engine")
                        .status(state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING)
                        .withData("streams", state.name()).build())
                .orElseGet(() -> HealthCheckResponse.named("sla-engine").up().withData("streams", "disabled").build());
    }
}
