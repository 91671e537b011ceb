package io.infersla.engine.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersla.core.breach.BreachPolicy;
import io.infersla.core.catalog.Catalog;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EngineSettingsTest {

    private static final Catalog CATALOG = Catalog.builtIn();

    private static EngineSettings with(Duration grace, Duration lateBound, Duration persistEvery) {
        return new EngineSettings(CATALOG, Topics.DEFAULT, grace, lateBound, EngineSettings.DEFAULT_FUTURE_SKEW,
                persistEvery, EngineSettings.DEFAULT_IDLE_AFTER, BreachPolicy.DEFAULT);
    }

    @Test
    void badValuesNameTheConfigurationKeyAndTheValue() {
        assertThatThrownBy(() -> with(Duration.ofSeconds(-1), Duration.ofMinutes(10), Duration.ofMinutes(1)))
                .hasMessage("infersla.engine.grace must be >= 0, was PT-1S");
        assertThatThrownBy(() -> with(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMinutes(1)))
                .hasMessage("infersla.engine.late-bound must be >= grace PT30S, was PT10S");
        assertThatThrownBy(() -> with(Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofMillis(1500)))
                .hasMessage("infersla.engine.persist-every must be whole seconds, was PT1.5S");
        assertThatThrownBy(() -> StreamsProperties.of("k:9092", "app", Path.of("/tmp/x"), "exactly_once", 0))
                .hasMessage("infersla.engine.processing-guarantee must be exactly_once_v2 or at_least_once, was exactly_once");
    }

    @Test
    void sweepsFallOnEveryStepAndPersistenceBoundary() {
        // catalog steps are 10 s, 1 m and 5 m, persistence 1 m: a sweep every 10 s hits them all
        assertThat(TaskClock.sweepGranularity(EngineSettings.defaults(CATALOG))).isEqualTo(10_000);
    }
}
