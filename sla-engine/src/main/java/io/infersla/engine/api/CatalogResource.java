package io.infersla.engine.api;

import io.infersla.core.catalog.EffectiveCatalog;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The catalog every contract starts from: categories, objectives, thresholds, envelopes. */
@Path("/api/v1/catalog")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    @Inject
    ApiAccess access;

    @GET
    public String catalog(@HeaderParam("Authorization") String authorization) {
        access.tenant(authorization);
        return EffectiveCatalog.toJson(access.catalog());
    }
}
