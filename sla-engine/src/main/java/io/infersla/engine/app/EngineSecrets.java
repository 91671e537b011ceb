package io.infersla.engine.app;

import io.infersla.core.secret.SecretCipher;
import io.infersla.core.secret.SecretKeys;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The cipher of contract secrets from {@code infersla.secrets.*}, shared by the API (which
 * encrypts what it stores) and alert delivery (which decrypts what it sends). Built on first use;
 * {@link EngineLifecycle} uses it at start, so a missing or bad key stops start-up.
 */
@ApplicationScoped
public class EngineSecrets {

    private final EngineConfig config;
    private SecretCipher cipher;

    EngineSecrets(EngineConfig config) {
        this.config = config;
    }

    /** @throws IllegalArgumentException naming every {@code infersla.secrets.*} key that is missing or wrong */
    public synchronized SecretCipher cipher() {
        if (cipher == null) {
            cipher = configure(config.secrets());
        }
        return cipher;
    }

    static SecretCipher configure(EngineConfig.Secrets secrets) {
        return SecretKeys.configure(secrets.key(), secrets.keyFile(), secrets.keyId(), secrets.previousKeys(),
                secrets.previousKeyFiles());
    }

    /** Whether any {@code infersla.secrets.*} key is set (then it is validated even where no secret is stored). */
    boolean configured() {
        EngineConfig.Secrets s = config.secrets();
        return s.key().isPresent() || s.keyFile().isPresent() || !s.previousKeys().isEmpty()
                || !s.previousKeyFiles().isEmpty();
    }
}
