package io.infersla.core.catalog;

/** Where a value stands against an objective's thresholds. */
public enum Level {
    /** On the good side of the target. */
    OK,
    /** Past the target but not past the limit. */
    WARNING,
    /** Past the limit. */
    BREACH
}
