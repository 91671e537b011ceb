package io.infersla.engine.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersla.core.secret.SecretKeys;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The engine's {@code infersla.secrets.*} as start-up reads them: no key, no start. */
class EngineSecretsTest {

    private record Secrets(Optional<String> key, Optional<String> keyFile, Optional<String> keyId,
            Map<String, String> previousKeys, Map<String, String> previousKeyFiles) implements EngineConfig.Secrets {
    }

    @Test
    void withoutAKeyStartUpFailsNamingBothKeysAndHowToMakeOne() {
        assertThatThrownBy(() -> EngineSecrets.configure(
                new Secrets(Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no key to encrypt contract secrets: set infersla.secrets.key (base64 of 32 random bytes,"
                        + " e.g. `head -c 32 /dev/urandom | base64`) or infersla.secrets.key-file (a file holding that)");
    }

    @Test
    void everyBadKeyIsNamed() {
        assertThatThrownBy(() -> EngineSecrets.configure(new Secrets(Optional.of("c2hvcnQ="), Optional.empty(),
                Optional.empty(), Map.of("old", "%%%"), Map.of())))
                .hasMessage("infersla.secrets.key must decode to 32 bytes (AES-256), decodes to 5; "
                        + "infersla.secrets.previous-keys.old is not base64 (expected base64 of 32 random bytes)");
    }

    @Test
    void aGoodKeyGivesTheCipherUnderItsId() {
        var cipher = EngineSecrets.configure(new Secrets(Optional.of(SecretKeys.generate()), Optional.empty(),
                Optional.of("2026-12"), Map.of(), Map.of()));
        assertThat(cipher.keyId()).isEqualTo("2026-12");
    }
}
