package io.infersla.engine.api;

import io.infersla.core.auth.TokenDigest;
import io.infersla.core.secret.SecretKeys;
import io.infersla.migrations.Migrations;
import io.infersla.testsupport.PostgresDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A migrated PostgreSQL database for the API and two tenants' tokens. */
public class ApiDatabase implements QuarkusTestResourceLifecycleManager {

    static final String ACME_TOKEN = "acme-api-token-0123456789";
    static final String GLOBEX_TOKEN = "globex-api-token-0123456789";
    /** The key the API's contract secrets are encrypted under in these tests. */
    static final String SECRETS_KEY = SecretKeys.generate();
    static final String SECRETS_KEY_ID = "api-test";
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
                "infersla.api.tokens.globex", TokenDigest.of(GLOBEX_TOKEN),
                "infersla.secrets.key", SECRETS_KEY,
                "infersla.secrets.key-id", SECRETS_KEY_ID);
    }

    @Override
    public void stop() {
        if (db != null) {
            db.close();
        }
    }
}
