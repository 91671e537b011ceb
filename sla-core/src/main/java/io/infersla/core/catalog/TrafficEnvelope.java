package io.infersla.core.catalog;

import java.util.Objects;
import java.util.Optional;

/**
 * The traffic a category is specified for: request input and output sizes, batch size and load.
 * The load generator follows it; reports show the share of traffic outside it; a contract may
 * excuse out-of-envelope requests.
 */
public record TrafficEnvelope(
        Optional<Quantity> input,
        Optional<Quantity> output,
        Optional<Range> batch,
        LoadClass load,
        Optional<Range> qps,
        String loadNote) {

    public TrafficEnvelope {
        input = Objects.requireNonNullElse(input, Optional.empty());
        output = Objects.requireNonNullElse(output, Optional.empty());
        batch = Objects.requireNonNullElse(batch, Optional.empty());
        qps = Objects.requireNonNullElse(qps, Optional.empty());
        Objects.requireNonNull(load, "load");
        loadNote = loadNote == null ? "" : loadNote;
    }
}
