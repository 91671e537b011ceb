package io.infersla.core.contract;

import io.infersla.core.request.SeriesKey;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A planned interval [start, end) of a contract during which evaluations are excused and nothing
 * pages. It covers the contract's whole traffic, or only one service, category or model when
 * those are set (all that are set must match).
 */
public record MaintenanceWindow(
        long id,
        Instant start,
        Instant end,
        Optional<String> service,
        Optional<String> category,
        Optional<String> model,
        String reason) {

    public MaintenanceWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("maintenance window " + id + " must end after it starts, was " + start
                    + " to " + end);
        }
        service = Objects.requireNonNullElse(service, Optional.empty());
        category = Objects.requireNonNullElse(category, Optional.empty());
        model = Objects.requireNonNullElse(model, Optional.empty());
        reason = reason == null ? "" : reason;
    }

    public boolean appliesTo(SeriesKey series) {
        return service.map(series.service()::equals).orElse(true)
                && category.map(series.category()::equals).orElse(true)
                && model.map(m -> m.equals(series.model())).orElse(true);
    }

    /** Whether any part of [from, to) falls inside this window. */
    public boolean overlaps(Instant from, Instant to) {
        return start.isBefore(to) && end.isAfter(from);
    }

    /** The excuse recorded on evaluations: names the window so a report can point at it. */
    public String excuse() {
        return "maintenance #" + id + (reason.isBlank() ? "" : ": " + reason);
    }
}
