package io.infersla.core.compliance;

import io.infersla.core.breach.BreachEpisode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Time spent in breach over a reporting period: the union of the episodes, each from its start
 * (the first bad evaluation) to its resolution (or the period's end if still open), clipped to
 * the period. Overlapping episodes of one objective are not counted twice.
 */
public final class BreachTime {

    private BreachTime() {
    }

    public static Duration within(List<BreachEpisode> episodes, Instant periodStart, Instant periodEnd) {
        if (!periodEnd.isAfter(periodStart)) {
            throw new IllegalArgumentException("period end must be after its start, was [" + periodStart + ", " + periodEnd + ")");
        }
        List<Instant[]> intervals = new ArrayList<>();
        for (BreachEpisode episode : episodes) {
            Instant from = max(episode.startedAt(), periodStart);
            Instant to = min(episode.resolvedAt().orElse(periodEnd), periodEnd);
            if (to.isAfter(from)) {
                intervals.add(new Instant[] {from, to});
            }
        }
        intervals.sort(Comparator.comparing(i -> i[0]));
        Duration total = Duration.ZERO;
        Instant coveredUntil = periodStart;
        for (Instant[] interval : intervals) {
            Instant from = max(interval[0], coveredUntil);
            if (interval[1].isAfter(from)) {
                total = total.plus(Duration.between(from, interval[1]));
                coveredUntil = interval[1];
            }
        }
        return total;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
