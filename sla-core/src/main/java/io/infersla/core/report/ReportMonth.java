package io.infersla.core.report;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A calendar month in a contract's time zone, as the instants [start, end). Across a DST change
 * a month has 743 or 745 hours, not 744.
 */
public record ReportMonth(YearMonth month, ZoneId zone) {

    public ReportMonth {
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(zone, "zone");
    }

    /**
     * Reads {@code yyyy-MM} and an IANA zone name.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static ReportMonth parse(String month, String zone) {
        YearMonth parsed = parseMonth(month);
        try {
            return new ReportMonth(parsed, ZoneId.of(zone));
        } catch (DateTimeException | NullPointerException e) {
            throw new IllegalArgumentException("time zone must be an IANA name like Europe/Paris, was '" + zone + "'");
        }
    }

    /**
     * Reads {@code yyyy-MM} alone, e.g. a month asked for before the contract (and its zone) is known.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static YearMonth parseMonth(String month) {
        // YearMonth.parse also takes signed and longer years (-0001-01, +10000-01): not yyyy-MM
        if (month == null || !month.matches("[0-9]{4}-[0-9]{2}")) {
            throw new IllegalArgumentException("month must be yyyy-MM like 2026-03, was '" + month + "'");
        }
        try {
            return YearMonth.parse(month);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("month must be yyyy-MM like 2026-03, was '" + month + "'");
        }
    }

    /** The first instant of the month: midnight of its first day in the zone. */
    public Instant start() {
        return month.atDay(1).atStartOfDay(zone).toInstant();
    }

    /** The first instant after the month. */
    public Instant end() {
        return month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
    }

    public long hours() {
        return Duration.between(start(), end()).toHours();
    }

    /** Whether the month has begun at {@code now}: a month that has not cannot be reported. */
    public boolean hasStartedAt(Instant now) {
        return !now.isBefore(start());
    }

    /** The month that contains {@code instant} in this zone. */
    public static ReportMonth containing(Instant instant, ZoneId zone) {
        return new ReportMonth(YearMonth.from(instant.atZone(zone)), zone);
    }

    @Override
    public String toString() {
        return month + " (" + zone.getId() + ")";
    }
}
