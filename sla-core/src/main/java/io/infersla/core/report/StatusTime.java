package io.infersla.core.report;

import io.infersla.core.evaluate.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Time spent in each status by one series and objective, from its stored evaluations: each
 * evaluation's status holds until the next stored evaluation, for at most the resolution at which
 * evaluations are stored (one minute); a longer gap is time not covered. So the figure does not
 * depend on how many rows were stored: an extra row at a status change only splits a minute.
 *
 * @param millis status → milliseconds
 * @param excusedMillis excuse (e.g. {@code maintenance #3: upgrade}) → milliseconds excused by it
 */
public record StatusTime(Map<Status, Long> millis, Map<String, Long> excusedMillis) {

    /** How often the engine stores an evaluation of a series and objective when nothing changes. */
    public static final Duration RESOLUTION = Duration.ofMinutes(1);

    public static final StatusTime NONE = new StatusTime(Map.of(), Map.of());

    public StatusTime {
        millis = Map.copyOf(millis);
        excusedMillis = Map.copyOf(excusedMillis);
    }

    /** One stored evaluation: when, its status, and for {@code excused} why. */
    public record Point(Instant at, Status status, String excuse) {
        public Point {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(status, "status");
            excuse = excuse == null ? "" : excuse;
        }
    }

    /**
     * The time of {@code points} (sorted by time, one series and objective) that falls in
     * [from, to). Points before {@code from} count for the part of their minute inside the range,
     * so a caller splitting a month into hours passes the minute before each hour as well.
     */
    public static StatusTime of(List<Point> points, Instant from, Instant to) {
        long fromMs = from.toEpochMilli();
        long toMs = to.toEpochMilli();
        long resolutionMs = RESOLUTION.toMillis();
        EnumMap<Status, Long> byStatus = new EnumMap<>(Status.class);
        Map<String, Long> byExcuse = new TreeMap<>();
        for (int i = 0; i < points.size(); i++) {
            Point point = points.get(i);
            long start = point.at().toEpochMilli();
            long end = start + resolutionMs;
            if (i + 1 < points.size()) {
                long next = points.get(i + 1).at().toEpochMilli();
                if (next < start) {
                    throw new IllegalArgumentException("evaluations must be sorted by time, " + points.get(i + 1).at()
                            + " came after " + point.at());
                }
                end = Math.min(end, next);
            }
            long clippedStart = Math.max(start, fromMs);
            long clippedEnd = Math.min(end, toMs);
            if (clippedEnd > clippedStart) {
                long ms = clippedEnd - clippedStart;
                byStatus.merge(point.status(), ms, Long::sum);
                if (point.status() == Status.EXCUSED) {
                    byExcuse.merge(point.excuse(), ms, Long::sum);
                }
            }
        }
        return new StatusTime(byStatus, byExcuse);
    }

    public StatusTime plus(StatusTime other) {
        EnumMap<Status, Long> byStatus = new EnumMap<>(Status.class);
        byStatus.putAll(millis);
        other.millis.forEach((status, ms) -> byStatus.merge(status, ms, Long::sum));
        Map<String, Long> byExcuse = new TreeMap<>(excusedMillis);
        other.excusedMillis.forEach((excuse, ms) -> byExcuse.merge(excuse, ms, Long::sum));
        return new StatusTime(byStatus, byExcuse);
    }

    public long of(Status status) {
        return millis.getOrDefault(status, 0L);
    }

    /** ok + warning + breach: the time attainment is computed over. */
    public long judged() {
        return of(Status.OK) + of(Status.WARNING) + of(Status.BREACH);
    }

    /** ok + warning: the limit held (a warning is a miss of the target, not of the limit). */
    public long compliant() {
        return of(Status.OK) + of(Status.WARNING);
    }

    /** Time with any stored evaluation. */
    public long covered() {
        return millis.values().stream().mapToLong(Long::longValue).sum();
    }
}
