package io.infersla.core.evaluate;

import io.infersla.core.catalog.Objective;
import io.infersla.core.catalog.Threshold;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * The outcome of evaluating one objective over one window at one time. Each outcome is its own
 * type, so code that reacts to breaches cannot forget the cases that are not breaches.
 */
public sealed interface Evaluation {

    Objective objective();

    /** The end of the evaluated window. */
    Instant evaluatedAt();

    /** How many measurements the window held. */
    long samples();

    /** The statistic's value, when there was one to compute. */
    OptionalDouble value();

    Status status();

    default OptionalDouble target() {
        return objective().threshold().map(t -> OptionalDouble.of(t.target())).orElse(OptionalDouble.empty());
    }

    default OptionalDouble limit() {
        return objective().threshold().map(t -> OptionalDouble.of(t.limit())).orElse(OptionalDouble.empty());
    }

    /** A value on the good side of the target. */
    record Ok(Objective objective, Instant evaluatedAt, double measured, long samples) implements Evaluation {
        @Override
        public OptionalDouble value() {
            return OptionalDouble.of(measured);
        }

        @Override
        public Status status() {
            return Status.OK;
        }
    }

    /** Past the target, not past the limit. */
    record Warning(Objective objective, Instant evaluatedAt, double measured, long samples) implements Evaluation {
        @Override
        public OptionalDouble value() {
            return OptionalDouble.of(measured);
        }

        @Override
        public Status status() {
            return Status.WARNING;
        }
    }

    /** Past the limit. */
    record Breach(Objective objective, Instant evaluatedAt, double measured, long samples) implements Evaluation {
        @Override
        public OptionalDouble value() {
            return OptionalDouble.of(measured);
        }

        @Override
        public Status status() {
            return Status.BREACH;
        }
    }

    /** Too few samples (or a statistic the window cannot have): no verdict either way. */
    record InsufficientData(Objective objective, Instant evaluatedAt, long samples) implements Evaluation {
        @Override
        public OptionalDouble value() {
            return OptionalDouble.empty();
        }

        @Override
        public Status status() {
            return Status.INSUFFICIENT_DATA;
        }

        public int required() {
            return objective.minSamples();
        }
    }

    /** Not judged because of a maintenance window or a contractual exclusion, named in {@code reason}. */
    record Excused(Objective objective, Instant evaluatedAt, OptionalDouble value, long samples, String reason)
            implements Evaluation {
        @Override
        public Status status() {
            return Status.EXCUSED;
        }
    }

    /** An objective without thresholds: the value is reported, not judged. */
    record Reported(Objective objective, Instant evaluatedAt, double measured, long samples) implements Evaluation {
        @Override
        public OptionalDouble value() {
            return OptionalDouble.of(measured);
        }

        @Override
        public Status status() {
            return Status.REPORTED;
        }
    }

    /** Builds the judged outcome for a value (only for objectives with a threshold). */
    static Evaluation judged(Objective objective, Threshold threshold, Instant at, double value, long samples) {
        return judged(objective, threshold, at, value, value, samples);
    }

    /** Classified as {@code judgedAs}, stored with the estimated {@code value}. */
    static Evaluation judged(Objective objective, Threshold threshold, Instant at, double value, double judgedAs, long samples) {
        return switch (threshold.classify(judgedAs)) {
            case OK -> new Ok(objective, at, value, samples);
            case WARNING -> new Warning(objective, at, value, samples);
            case BREACH -> new Breach(objective, at, value, samples);
        };
    }
}
