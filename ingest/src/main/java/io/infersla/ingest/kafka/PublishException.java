package io.infersla.ingest.kafka;

/**
 * Kafka did not acknowledge every record of an export. {@link #retryable()} tells the receivers
 * whether to answer "try again later" (503 / UNAVAILABLE: broker down, timeout) or report an
 * internal failure that a retry will not fix.
 */
public final class PublishException extends Exception {

    private final boolean retryable;

    public PublishException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
