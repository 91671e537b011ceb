package io.infersla.core.evaluate;

import io.infersla.core.catalog.Objective;
import io.infersla.core.catalog.Statistic;
import io.infersla.core.window.RollingWindow;
import io.infersla.core.window.Slice;
import io.infersla.core.window.WindowStats;
import java.time.Instant;
import java.util.List;

/**
 * Builds a window whose statistic, for a given objective, takes a chosen value: the inverse of
 * each statistic, so table tests can be written in the seed's own numbers.
 */
final class Windows {

    static final Instant END = Instant.parse("2026-11-02T10:05:00Z");

    private Windows() {
    }

    /** A window of the objective's length whose statistic is {@code value}, from {@code samples} requests. */
    static WindowStats withStatistic(Objective objective, double value, int samples) {
        Slice slice = new Slice(END.minus(objective.window()));
        if (samples == 0) {
            return RollingWindow.merge(END, objective.window(), List.of(slice));
        }
        Statistic statistic = objective.statistic();
        if (statistic instanceof Statistic.Rate) {
            double total = value * objective.window().toSeconds();
            for (int i = 0; i < samples; i++) {
                slice.record(total / samples, 1);
            }
        } else if (statistic instanceof Statistic.CostPerMillionTokens) {
            for (int i = 0; i < samples; i++) {
                slice.record(value * 1000 / 1_000_000, 1000); // 1000 tokens per request
            }
        } else if (statistic instanceof Statistic.Sum) {
            for (int i = 0; i < samples; i++) {
                slice.record(value / samples, 1);
            }
        } else if (statistic instanceof Statistic.TailRatio) {
            // 94% at 1 and 6% at b put the p95 at b and the mean at (94 + 6b) / 100.
            // Exact for n = 100 (the table's sample count); other counts only need the right size.
            int n = samples;
            int high = Math.max(1, n * 6 / 100);
            double b = value <= 1 ? 1 : 94 * value / (100 - 6 * value);
            for (int i = 0; i < n; i++) {
                slice.record(i < n - high ? 1 : b, 1);
            }
        } else {
            // quantiles, mean, min, max, weighted mean: a constant window has that value everywhere.
            for (int i = 0; i < samples; i++) {
                slice.record(value, 1);
            }
        }
        return RollingWindow.merge(END, objective.window(), List.of(slice));
    }
}
