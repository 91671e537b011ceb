package io.infersla.core.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretKeysTest {

    private static final String KEY = SecretKeys.generate();

    private static String problem(Optional<String> key, Optional<String> file, Map<String, String> previous) {
        return assertThrows(IllegalArgumentException.class,
                () -> SecretKeys.configure(key, file, Optional.empty(), previous, Map.of())).getMessage();
    }

    @Test
    void noKeyIsAnErrorNamingBothSettings() {
        String message = problem(Optional.empty(), Optional.empty(), Map.of());
        assertTrue(message.contains("infersla.secrets.key ") && message.contains("infersla.secrets.key-file"), message);
    }

    @Test
    void keyAndKeyFileTogetherAreRefused() {
        String message = problem(Optional.of(KEY), Optional.of("/x"), Map.of());
        assertTrue(message.contains("are both set"), message);
    }

    @Test
    void notBase64AndWrongLengthAreNamed() {
        String message = problem(Optional.of("not base64!"), Optional.empty(), Map.of());
        assertTrue(message.startsWith("infersla.secrets.key is not base64"), message);
        assertFalse(message.contains("not base64!"), "the value is never echoed");
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        message = problem(Optional.of(shortKey), Optional.empty(), Map.of());
        assertTrue(message.contains("must decode to 32 bytes (AES-256), decodes to 16"), message);
        message = problem(Optional.of(KEY), Optional.empty(), Map.of("old", shortKey));
        assertTrue(message.startsWith("infersla.secrets.previous-keys.old must decode to 32 bytes"), message);
    }

    @Test
    void anUnreadableKeyFileIsNamedWithItsPath(@TempDir Path dir) {
        String missing = dir.resolve("missing").toString();
        String message = problem(Optional.empty(), Optional.of(missing), Map.of());
        assertTrue(message.startsWith("infersla.secrets.key-file '" + missing + "' cannot be read"), message);
    }

    @Test
    void aKeyFileWithItsNewlineIsRead(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("key"), KEY + "\n");
        SecretCipher fromFile = SecretKeys.configure(Optional.empty(), Optional.of(file.toString()), Optional.empty(),
                Map.of(), Map.of());
        SecretCipher fromValue = SecretKeys.configure(Optional.of(KEY), Optional.empty(), Optional.empty(), Map.of(), Map.of());
        assertEquals(fromValue.keyId(), fromFile.keyId());
        assertEquals("s3cret-value", fromValue.decrypt("t", "c", "n", fromFile.encrypt("t", "c", "n", "s3cret-value")));
    }

    @Test
    void previousKeysDecryptAfterRotation(@TempDir Path dir) throws Exception {
        String old = SecretKeys.generate();
        SecretCipher before = SecretKeys.configure(Optional.of(old), Optional.empty(), Optional.of("old"), Map.of(), Map.of());
        String stored = before.encrypt("t", "c", "n", "s3cret-value");
        Path oldFile = Files.writeString(dir.resolve("old"), old);
        SecretCipher after = SecretKeys.configure(Optional.of(KEY), Optional.empty(), Optional.of("new"), Map.of(),
                Map.of("old", oldFile.toString()));
        assertEquals("new", after.keyId());
        assertEquals("s3cret-value", after.decrypt("t", "c", "n", stored));
    }
}
