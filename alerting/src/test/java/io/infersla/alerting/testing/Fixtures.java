package io.infersla.alerting.testing;

import io.infersla.alerting.payload.AlertFacts;
import io.infersla.core.breach.BreachEpisode;
import io.infersla.core.breach.BreachEvent;
import io.infersla.core.breach.Severity;
import io.infersla.core.request.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

/** A chatbot TTFT p95 breach on a fixed timeline, in every lifecycle step. */
public final class Fixtures {

    public static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    public static final SeriesKey SERIES = new SeriesKey("acme", "gold", "chat-api", "prod", "llama-3-70b", "chatbot",
            "gpu", "xl");
    public static final String OBJECTIVE = "ttft_p95";

    private Fixtures() {
    }

    public static SeriesKey series(String service) {
        return new SeriesKey("acme", "gold", service, "prod", "llama-3-70b", "chatbot", "gpu", "xl");
    }

    public static String episodeId(SeriesKey series, Instant startedAt) {
        return BreachEpisode.idFor(series.canonical() + "#" + OBJECTIVE, startedAt);
    }

    public static AlertFacts facts(SeriesKey series, double value, Instant at) {
        return new AlertFacts(series, OBJECTIVE, "ttft_ms", "p95", "upper", OptionalDouble.of(value),
                OptionalDouble.of(200), OptionalDouble.of(300), Duration.ofMinutes(5), 1234, at);
    }

    public static AlertFacts facts() {
        return facts(SERIES, 412.5, T0.plusSeconds(10));
    }

    /** An episode of {@code series} whose bad streak started at {@code start}, opened 10 s later. */
    public static BreachEvent.Opened opened(SeriesKey series, Instant start, Severity severity) {
        Instant openedAt = start.plusSeconds(10);
        return new BreachEvent.Opened(new BreachEpisode(episodeId(series, start), severity, start, openedAt, 412.5,
                openedAt, Optional.empty()));
    }

    public static BreachEvent.Opened opened(Severity severity) {
        return opened(SERIES, T0, severity);
    }

    public static BreachEvent.Escalated escalated(SeriesKey series, Instant start) {
        Instant at = start.plusSeconds(30);
        return new BreachEvent.Escalated(new BreachEpisode(episodeId(series, start), Severity.CRITICAL, start,
                start.plusSeconds(10), 512.0, at, Optional.empty()), at);
    }

    public static BreachEvent.Resolved resolved(SeriesKey series, Instant start, Severity severity) {
        Instant at = start.plusSeconds(120);
        return new BreachEvent.Resolved(new BreachEpisode(episodeId(series, start), severity, start,
                start.plusSeconds(10), 512.0, start.plusSeconds(30), Optional.of(at)));
    }

    public static BreachEvent.Resolved resolved(Severity severity) {
        return resolved(SERIES, T0, severity);
    }
}
