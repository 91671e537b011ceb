package io.infersla.engine.api;

import io.infersla.core.auth.TokenDigest;
import io.infersla.migrations.Migrations;
import io.infersla.testsupport.PostgresDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A migrated PostgreSQL database for the API and two tenants' tokens. */
public class ApiDatabase implements QuarkusTestResourceLifecycleManager {

    static final String ACME_TOKEN = "acme-api-token-0123456789";
    static final String GLOBEX_TOKEN = "globex-api-token-0123456789";
    static PostgresDatabase db;

    @Override
    public Map<String, String> start() {
        db = PostgresDatabase.create();
        Migrations.apply(db.dataSource());
        return Map.of(
                "infersla.storage.jdbc-url", db.jdbcUrl(),
                "infersla.storage.user", db.user(),
                "infersla.storage.password", db.password(),
                "infersla.api.tokens.acme", TokenDigest.of(ACME_TOKEN),
                "infersla.api.tokens.globex", TokenDigest.of(GLOBEX_TOKEN));
    }

    @Override
    public void stop() {
        if (db != null) {
            db.close();
        }
    }
}
