package io.infersla.alerting.outbox;

/** A database failure while recording or dispatching; the message names what was being done. */
public final class OutboxException extends RuntimeException {

    public OutboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
