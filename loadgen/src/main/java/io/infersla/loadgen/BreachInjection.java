package io.infersla.loadgen;

import io.infersla.core.catalog.DurationText;
import io.infersla.core.measure.Metric;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One injected breach: from {@code start} after the load began, for {@code duration}, every
 * value of {@code metric} in {@code category} is multiplied by {@code factor}. Written on the
 * command line as {@code category:metric:xFACTOR@STARTs+DURATIONs}, e.g.
 * {@code chatbot:ttft_ms:x3@60s+120s} (the durations of every option: ms, s, m, h or d, see {@link DurationText#parseOption}; {@code x0.2} lowers a value, for the
 * lower-bound metrics such as fps).
 */
public record BreachInjection(String category, Metric metric, double factor, Duration start, Duration duration) {

    private static final Pattern SYNTAX = Pattern.compile(
            "([a-z][a-z0-9-]*):([a-z0-9_]+):x([0-9]+(?:\\.[0-9]+)?)@([0-9]+(?:ms|s|m|h|d))\\+([0-9]+(?:ms|s|m|h|d))");

    public BreachInjection {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        if (!(factor > 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("breach factor must be finite and > 0, was " + factor);
        }
        if (start.isNegative()) {
            throw new IllegalArgumentException("breach start must be >= 0, was " + start);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("breach duration must be > 0, was " + duration);
        }
    }

    /**
     * @throws IllegalArgumentException naming the expected form and the offending text
     */
    public static BreachInjection parse(String text) {
        Matcher m = SYNTAX.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("--breach must look like category:metric:xFACTOR@STARTs+DURATIONs"
                    + " (e.g. chatbot:ttft_ms:x3@60s+120s), was '" + text + "'");
        }
        Metric metric = Metric.fromId(m.group(2)).orElseThrow(() -> new IllegalArgumentException(
                "--breach metric must be one of " + Metric.allIds() + ", was '" + m.group(2) + "'"));
        return new BreachInjection(m.group(1), metric, Double.parseDouble(m.group(3)),
                duration(m.group(4), text), duration(m.group(5), text));
    }

    private static Duration duration(String text, String whole) {
        return DurationText.parseOption(text).orElseThrow(() -> new IllegalArgumentException(
                "--breach durations are " + DurationText.OPTION_SYNTAX + ", was '" + whole + "'"));
    }

    boolean activeAt(Duration elapsed) {
        return elapsed.compareTo(start) >= 0 && elapsed.compareTo(start.plus(duration)) < 0;
    }

    @Override
    public String toString() {
        return category + ":" + metric.id() + ":x" + factor + "@" + start.toSeconds() + "s+" + duration.toSeconds() + "s";
    }
}
