package io.infersla.core.measure;

/**
 * Why an input never entered a statistic. The wire names are a contract: they label the
 * rejection counters and the records on the dead-letter topic.
 */
public enum RejectReason {
    NEGATIVE("negative"),
    NOT_A_NUMBER("nan"),
    INFINITE("infinite"),
    INVALID_WEIGHT("invalid_weight"),
    UNKNOWN_CATEGORY("unknown_category"),
    MISSING_ATTRIBUTE("missing_attribute"),
    /** An attribute that is present but not allowed: an unknown hardware class, an identity part too long. */
    INVALID_ATTRIBUTE("invalid_attribute"),
    END_BEFORE_START("end_before_start"),
    LATE("late"),
    /** A record that cannot be decoded at all (corrupt bytes, unknown format version). */
    MALFORMED("malformed"),
    FUTURE("future"),
    /** A record the engine has counted already: the same export delivered twice. */
    DUPLICATE("duplicate");

    private final String id;

    RejectReason(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
