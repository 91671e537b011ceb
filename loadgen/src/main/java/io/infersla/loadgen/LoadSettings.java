package io.infersla.loadgen;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one run of the load generator does.
 *
 * @param url ingest's base URL for the protocol, e.g. {@code http://127.0.0.1:4318} (HTTP) or {@code http://127.0.0.1:4317} (gRPC)
 * @param token the bearer token (decides the tenant)
 * @param categories catalog category ids to generate, at least one
 * @param rate requests per second over all categories, shared by their load class
 * @param duration how long to run; empty: until stopped
 * @param plan injected breaches
 * @param seed random seed, for reproducible runs
 * @param progressEvery how often to print progress; zero: never
 * @param environment {@code deployment.environment.name} of the generated services
 * @param protocol OTLP/HTTP or OTLP/gRPC
 */
public record LoadSettings(String url, String token, List<String> categories, double rate, Optional<Duration> duration,
        BreachPlan plan, long seed, Duration progressEvery, String environment, Protocol protocol) {

    public LoadSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(token, "token");
        categories = List.copyOf(categories);
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("--categories must name at least one category");
        }
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new IllegalArgumentException("--rate must be finite and > 0 requests/s, was " + rate);
        }
        duration = Objects.requireNonNullElse(duration, Optional.empty());
        duration.ifPresent(d -> {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("--duration must be > 0, was " + d);
            }
        });
        plan = Objects.requireNonNullElse(plan, BreachPlan.NONE);
        Objects.requireNonNull(progressEvery, "progressEvery");
        environment = Objects.requireNonNullElse(environment, "local");
        Objects.requireNonNull(protocol, "protocol");
    }

    /** OTLP/HTTP settings. */
    public LoadSettings(String url, String token, List<String> categories, double rate, Optional<Duration> duration,
            BreachPlan plan, long seed, Duration progressEvery, String environment) {
        this(url, token, categories, rate, duration, plan, seed, progressEvery, environment, Protocol.HTTP);
    }
}
