package io.infersla.engine.api;

import io.infersla.core.auth.BearerAuthenticator;
import io.infersla.core.auth.TenantTokens;
import io.infersla.core.catalog.Catalog;
import io.infersla.engine.app.EngineConfig;
import io.infersla.engine.app.EngineDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** What every API route needs: the tenant of the caller's token, the database and the catalog. */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class ApiAccess {

    private final BearerAuthenticator authenticator;
    private final DataSource database;
    private final Catalog catalog = Catalog.builtIn();

    @Inject
    public ApiAccess(EngineConfig config, EngineDatabase database) {
        List<String> problems = new ArrayList<>();
        EngineConfig.Api api = config.api();
        Map<String, String> digests = TenantTokens.read("infersla.api", api.tokens(), api.devToken(), api.devTenant(), problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration:\n  - " + String.join("\n  - ", problems));
        }
        this.authenticator = new BearerAuthenticator(digests);
        this.database = database.pool(); // the engine's one pool: no connection is opened before a request needs one
    }

    /** The caller's tenant. */
    String tenant(String authorization) {
        return authenticator.tenant(authorization).orElseThrow(() -> new ApiProblem(401,
                "a bearer token is required: Authorization: Bearer <token>", List.of()));
    }

    DataSource database() {
        return database;
    }

    Catalog catalog() {
        return catalog;
    }
}
