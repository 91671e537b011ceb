package io.infersla.ingest.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * The {@code otlp_spans} consumer on {@code /q/health} and {@code /q/health/live}. Liveness, not
 * readiness: a failing consumer does not stop the OTLP receivers from accepting spans, so the
 * process must stay in its load balancer; but a consumer dead or failing for
 * {@link ConsumerState#FAILING_TOO_LONG} will not heal by itself, and a restart of the process is
 * what an orchestrator can do about it. While it is healthy the check still shows its phase and
 * the last failure.
 */
@Liveness
@ApplicationScoped
public class OtlpSpansLiveness implements HealthCheck {

    static final String NAME = "otlp_spans consumer";

    private final OtlpSpansConsumer consumer;
    private final Clock clock;

    OtlpSpansLiveness(OtlpSpansConsumer consumer, Clock clock) {
        this.consumer = consumer;
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        return consumer.state().map(this::describe)
                .orElseGet(() -> HealthCheckResponse.named(NAME).up().withData("phase", "disabled").build());
    }

    private HealthCheckResponse describe(ConsumerState state) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .status(state.alive(clock.instant()))
                .withData("phase", state.phase().name().toLowerCase(Locale.ROOT))
                .withData("since", state.since().toString())
                .withData("failures_in_a_row", state.failures());
        if (!state.lastError().isEmpty()) {
            response.withData("last_error", state.lastError());
        }
        return response.build();
    }
}
