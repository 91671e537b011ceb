package io.infersla.core.catalog;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in SLA documents and Prometheus: 10s, 5m, 1h, 7d. A catalog's
 * durations ({@link #parse}) are whole seconds, minutes, hours or days and never zero; the
 * command lines ({@link #parseOption}) also take milliseconds ({@code 500ms}) and zero
 * ({@code 0}, {@code 0s}), each option deciding whether zero means anything.
 */
public final class DurationText {

    private static final Pattern FORMAT = Pattern.compile("([1-9][0-9]{0,6})(s|m|h|d)");
    private static final Pattern OPTION = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");
    /** What {@link #parseOption} accepts, for messages. */
    public static final String OPTION_SYNTAX = "a whole number and a unit: 500ms, 10s, 5m, 2h, 1d (or 0)";

    private DurationText() {
    }

    public static Optional<Duration> parse(String text) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        });
    }

    /**
     * A command-line duration: a whole number of {@code ms}, {@code s}, {@code m}, {@code h} or
     * {@code d} (up to 9 digits), or {@code 0}. No sign, no fraction, no space, no other unit;
     * empty for anything else.
     */
    public static Optional<Duration> parseOption(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (text.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        Matcher m = OPTION.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        });
    }

    /** The shortest exact form: 300 s prints as 5m, 90 s as 90s. */
    public static String format(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
