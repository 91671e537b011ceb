package io.infersla.engine.api;

import io.infersla.core.catalog.EffectiveCatalog;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The catalog every contract starts from: categories, objectives, thresholds, envelopes. */
@Path("/api/v1/catalog")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "catalog")
public class CatalogResource {

    @Inject
    ApiAccess access;

    /** The core's text as it is: byte for byte what {@code ./infersla catalog} prints. */
    @GET
    @APIResponse(responseCode = "200", description = "The catalog: categories, objectives, thresholds, windows, envelopes.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CatalogView.class)))
    public String catalog(@Parameter(hidden = true) @HeaderParam("Authorization") String authorization) {
        access.tenant(authorization);
        return EffectiveCatalog.toJson(access.catalog());
    }
}
