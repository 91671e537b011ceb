package io.infersla.core.json;

/** A document that is not JSON; the message names the source, line and column. */
public final class JsonException extends IllegalArgumentException {

    public JsonException(String message) {
        super(message);
    }
}
