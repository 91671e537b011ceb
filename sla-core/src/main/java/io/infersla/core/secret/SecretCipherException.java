package io.infersla.core.secret;

/** A stored secret that cannot be decrypted; the message names the secret and key id, never a value. */
public final class SecretCipherException extends RuntimeException {

    public SecretCipherException(String message) {
        super(message);
    }
}
