package io.infersla.engine.app;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

/**
 * Alert delivery outcomes on {@code /q/metrics}, as Prometheus counters:
 * {@code infersla_alert_deliveries_total{outcome="delivered|retried|dead|rate_limited"}}. An
 * on-call team alerts on a rising {@code dead} or {@code retried} rate; the pending, retrying and
 * dead rows themselves are in the view {@code sla.alert_deliveries_attention}.
 */
@ApplicationScoped
public class AlertDeliveryMetrics {

    /** After {@link EngineLifecycle} started the dispatcher (observers of lower priority run first). */
    void register(@Observes @Priority(3000) StartupEvent event, EngineLifecycle lifecycle, Instance<MeterRegistry> registries) {
        if (registries.isUnsatisfied()) {
            return;
        }
        MeterRegistry registry = registries.get();
        lifecycle.deliveryCounters().ifPresent(counters -> {
            FunctionCounter.builder("infersla.alert.deliveries", counters, c -> c.delivered())
                    .tag("outcome", "delivered").description("notifications accepted by their receiver").register(registry);
            FunctionCounter.builder("infersla.alert.deliveries", counters, c -> c.retried())
                    .tag("outcome", "retried").description("attempts that failed and will be retried").register(registry);
            FunctionCounter.builder("infersla.alert.deliveries", counters, c -> c.dead())
                    .tag("outcome", "dead").description("notifications given up (e.g. HTTP 400), never retried").register(registry);
            FunctionCounter.builder("infersla.alert.deliveries", counters, c -> c.rateLimited())
                    .tag("outcome", "rate_limited").description("sends held back by the per-key rate limit").register(registry);
        });
    }
}
