package io.infersla.engine.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersla.core.config.PostgresUrl;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** infersla.storage.jdbc-url / user / password: which credentials win. */
class StorageDatabaseTest {

    record Storage(String jdbcUrl, Optional<String> user, Optional<String> password) implements EngineConfig.Storage {
        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public boolean migrateAtStart() {
            return false;
        }

        @Override
        public String consumerGroup() {
            return "g";
        }

        @Override
        public Duration contractsRefresh() {
            return Duration.ofSeconds(5);
        }

        @Override
        public int poolSize() {
            return EngineDatabase.DEFAULT_POOL_SIZE;
        }
    }

    @Test
    void theDefaultsApplyWhenNeitherTheUrlNorTheConfigurationNamesCredentials() {
        assertThat(EngineLifecycle.database(new Storage("jdbc:postgresql://127.0.0.1:5432/infersla", Optional.empty(),
                Optional.empty()))).isEqualTo(new PostgresUrl("jdbc:postgresql://127.0.0.1:5432/infersla", "infersla", ""));
    }

    @Test
    void theUrlsCredentialsWinOverTheDefaults() {
        assertThat(EngineLifecycle.database(new Storage("postgresql://sla:pw@db:6543/infersla?sslmode=require",
                Optional.empty(), Optional.empty())))
                .isEqualTo(new PostgresUrl("jdbc:postgresql://db:6543/infersla?sslmode=require", "sla", "pw"));
        assertThat(EngineLifecycle.database(new Storage("host=db dbname=infersla user=sla password='p w'",
                Optional.empty(), Optional.empty())))
                .isEqualTo(new PostgresUrl("jdbc:postgresql://db/infersla", "sla", "p w"));
    }

    @Test
    void configuredCredentialsWinOverTheUrls() {
        assertThat(EngineLifecycle.database(new Storage("jdbc:postgresql://db/infersla?user=sla&password=pw",
                Optional.of("admin"), Optional.of("secret"))))
                .isEqualTo(new PostgresUrl("jdbc:postgresql://db/infersla", "admin", "secret"));
    }

    @Test
    void theDataSourcesGetTheUrlWithoutCredentialsAndTheCredentialsApart() throws Exception {
        PostgresUrl db = EngineLifecycle.database(new Storage("postgresql://sla:pw@db/infersla", Optional.empty(),
                Optional.empty()));
        PGSimpleDataSource ds = (PGSimpleDataSource) EngineDatabase.unpooled(db.jdbcUrl(), db.user(), db.password());

        assertThat(ds.getURL()).startsWith("jdbc:postgresql://db").contains("infersla").doesNotContain("pw");
        assertThat(ds.getUser()).isEqualTo("sla");
        assertThat(ds.getPassword()).isEqualTo("pw");
        assertThat(ds.getReWriteBatchedInserts()).isTrue();

        try (var pool = EngineDatabase.open(db.jdbcUrl(), db.user(), db.password(), 3)) {
            var factory = pool.getConfiguration().connectionPoolConfiguration().connectionFactoryConfiguration();
            assertThat(factory.jdbcUrl()).startsWith("jdbc:postgresql://db").contains("reWriteBatchedInserts=true")
                    .doesNotContain("pw");
            assertThat(factory.principal().getName()).isEqualTo("sla");
        }
    }

    @Test
    void aBadUrlNamesTheConfigurationKey() {
        assertThatThrownBy(() -> EngineLifecycle.database(new Storage("postgresql://sla:pw@db:abc/infersla",
                Optional.empty(), Optional.empty())))
                .hasMessage("infersla.storage.jdbc-url: port must be a number 1..65535, was 'abc'");
    }
}
