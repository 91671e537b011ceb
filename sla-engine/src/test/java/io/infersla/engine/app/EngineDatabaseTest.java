package io.infersla.engine.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EngineDatabaseTest {

    @Test
    void aTooSmallPoolNamesTheKeyWhatNeedsConnectionsAndTheValue() {
        assertThatThrownBy(() -> EngineDatabase.checkPoolSize(5, true, true, true, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("infersla.storage.pool-size must be at least 9 (the storage writer, the contract-terms publisher, "
                        + "the report scheduler, 2 alert worker(s) (2 connections each), the Alertmanager refresher, "
                        + "1 for the REST API), was 5");
        assertThatThrownBy(() -> EngineDatabase.checkPoolSize(0, false, true, true, 2))
                .hasMessage("infersla.storage.pool-size must be at least 1 (1 for the REST API), was 0");
        assertThatThrownBy(() -> EngineDatabase.checkPoolSize(-3, true, false, false, 2))
                .hasMessage("infersla.storage.pool-size must be at least 3 (the storage writer, the contract-terms publisher, "
                        + "1 for the REST API), was -3");
    }

    @Test
    void theDefaultLeavesMostOfThePoolToTheApi() {
        assertThat(EngineDatabase.checkPoolSize(EngineDatabase.DEFAULT_POOL_SIZE, true, true, true, 2)).isEqualTo(20);
        assertThat(EngineDatabase.checkPoolSize(9, true, true, true, 2)).isEqualTo(9);
        assertThatThrownBy(() -> EngineDatabase.checkPoolSize(8, true, true, true, 2))
                .hasMessageStartingWith("infersla.storage.pool-size must be at least 9 (");
        assertThat(EngineDatabase.checkPoolSize(1, false, true, true, 2)).isEqualTo(1);
    }

    @Test
    void thePoolOpensNoConnectionUntilOneIsNeededAndCloses() throws Exception {
        // nothing listens on port 9: creating the pool must not connect
        try (var pool = EngineDatabase.open("jdbc:postgresql://127.0.0.1:9/none", "nobody", "", 3)) {
            assertThat(pool.getConfiguration().connectionPoolConfiguration().maxSize()).isEqualTo(3);
            assertThat(pool.getMetrics().activeCount()).isZero();
        }
    }
}
