package io.infersla.alerting.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A routing key or webhook secret. Its {@link #toString()} is always {@value #MASK}, so a secret
 * that ends up in a log line, an exception message or a record's string form shows nothing.
 * The value is read only where it goes on the wire, through {@link #reveal()}.
 */
public final class Secret {

    public static final String MASK = "******";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * @throws IllegalArgumentException if the value is empty (the message never contains the value)
     */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "secret value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a secret must not be empty");
        }
        return new Secret(value);
    }

    /** The value, for the one place that puts it on the wire. Never log or format it. */
    public String reveal() {
        return value;
    }

    public int length() {
        return value.length();
    }

    public byte[] bytes() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code text} with every occurrence of this secret replaced by {@value #MASK}: for response
     * bodies and error messages of peers that echo what they were sent.
     */
    public String redact(String text) {
        return text == null ? null : text.replace(value, MASK);
    }

    /** Constant-time comparison (no early exit that would leak a prefix length). */
    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s && MessageDigest.isEqual(bytes(), s.bytes());
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return MASK;
    }
}
