package io.infersla.alerting.payload;

import io.infersla.core.breach.BreachEvent;
import io.infersla.core.catalog.ValueFormat;
import java.time.Duration;

/**
 * The one-line text of a notification, e.g.
 * {@code [critical] chat-api (prod): chatbot ttft_ms p95 = 413 ms over 5m, limit ≤ 300 ms (target 200 ms), contract gold}.
 * It names the service, category, metric, statistic, value and limit, and is at most 1024
 * characters (PagerDuty's limit for {@code payload.summary}). Value, limit and target are written
 * in the unit of the statistic ({@link AlertFacts#format()}): {@code 4.48} for a tail ratio,
 * {@code 220 items/s} for a rate of items, {@code 12.5 %} for WER.
 */
public final class Summary {

    public static final int MAX_LENGTH = 1024;

    private Summary() {
    }

    public static String of(BreachEvent event, AlertFacts facts) {
        var s = facts.series();
        ValueFormat format = facts.format();
        StringBuilder text = new StringBuilder(160);
        text.append('[').append(event.episode().severity().id()).append("] ");
        if (event instanceof BreachEvent.Resolved) {
            text.append("RESOLVED ");
        }
        text.append(s.service());
        if (!s.environment().isEmpty()) {
            text.append(" (").append(s.environment()).append(')');
        }
        text.append(": ").append(s.category()).append(' ').append(facts.metric()).append(' ').append(facts.statistic())
                .append(" = ").append(format.format(facts.value()))
                .append(" over ").append(window(facts.window()))
                .append(", limit ").append(facts.direction().equals("lower") ? "≥ " : "≤ ")
                .append(format.format(facts.limit()));
        if (facts.target().isPresent() && facts.target().getAsDouble() != facts.limit().orElse(Double.NaN)) {
            text.append(" (target ").append(format.format(facts.target())).append(')');
        }
        if (!s.model().isEmpty()) {
            text.append(", model ").append(s.model());
        }
        text.append(", contract ").append(s.contract());
        return truncate(text.toString(), MAX_LENGTH);
    }

    static String window(Duration d) {
        long seconds = d.toSeconds();
        if (seconds % 86400 == 0) {
            return seconds / 86400 + "d";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    /** At most {@code max} characters (UTF-16 units, never splitting a surrogate pair), ending in … when cut. */
    static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
