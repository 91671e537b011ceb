package io.infersla.core.measure;

/** A value that must never enter a statistic; {@link #reason()} says why. */
public final class InvalidMeasurementException extends IllegalArgumentException {

    private final RejectReason reason;

    public InvalidMeasurementException(Metric metric, double value, double weight, RejectReason reason) {
        super(message(metric, value, weight, reason));
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }

    private static String message(Metric metric, double value, double weight, RejectReason reason) {
        return switch (reason) {
            case INVALID_WEIGHT -> metric.id() + ": weight must be finite and > 0, was " + weight;
            default -> metric.id() + ": value must be finite and >= 0, was " + value + " (" + reason.id() + ")";
        };
    }
}
