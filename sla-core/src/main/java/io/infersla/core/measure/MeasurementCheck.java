package io.infersla.core.measure;

import java.util.Optional;

/**
 * The one place that decides whether a raw value may enter a statistic. Ingest calls it to
 * reject with a reason before anything is recorded; {@link Measurement} calls it so that an
 * invalid value cannot exist in memory at all.
 */
public final class MeasurementCheck {

    private MeasurementCheck() {
    }

    /** The reason this value and weight must be rejected, or empty when both are acceptable. */
    public static Optional<RejectReason> firstProblem(double value, double weight) {
        if (Double.isNaN(value)) {
            return Optional.of(RejectReason.NOT_A_NUMBER);
        }
        if (Double.isInfinite(value)) {
            return Optional.of(RejectReason.INFINITE);
        }
        if (value < 0) {
            return Optional.of(RejectReason.NEGATIVE);
        }
        if (!(weight > 0) || Double.isInfinite(weight)) {
            return Optional.of(RejectReason.INVALID_WEIGHT);
        }
        return Optional.empty();
    }
}
