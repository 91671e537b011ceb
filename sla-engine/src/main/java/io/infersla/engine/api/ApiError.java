package io.infersla.engine.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of every refusal: what is wrong, and when a body was checked, every problem with its path. */
@Schema(name = "ApiError", description = "Why a request was refused.")
public record ApiError(
        @Schema(description = "What is wrong, e.g. 'the contract is not valid'.", required = true)
        String error,
        @Schema(description = "Every problem found, each '<path>: <what is wrong, what is allowed, what was found>';"
                + " absent when there is only the error.")
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<String> problems) {
}
