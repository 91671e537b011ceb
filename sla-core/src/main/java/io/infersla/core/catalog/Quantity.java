package io.infersla.core.catalog;

import java.util.Optional;

/**
 * A size in the traffic envelope: a unit (tokens, audio_tokens, image, text_tokens,
 * tokens_per_step, items) and, where the seed gives one, the expected range.
 */
public record Quantity(String unit, Optional<Range> range) {

    public Quantity {
        if (unit == null || unit.isBlank()) {
            throw new IllegalArgumentException("unit must be set");
        }
        range = range == null ? Optional.empty() : range;
    }
}
