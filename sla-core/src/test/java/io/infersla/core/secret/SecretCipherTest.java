package io.infersla.core.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final byte[] KEY_A = key(1);
    private static final byte[] KEY_B = key(2);
    private static final String SECRET = "R0utingKey-0123456789abcdef";

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (fill * 31 + i);
        }
        return key;
    }

    private static final SecretCipher A = SecretCipher.of(KEY_A, Optional.of("a"), Map.of());

    @Test
    void roundTripsAndCarriesTheKeyIdButNotTheSecret() {
        String stored = A.encrypt("acme", "chat", "pd", SECRET);
        assertTrue(stored.startsWith("v1:a:"), stored);
        assertFalse(stored.contains(SECRET.substring(0, 8)));
        assertEquals(Optional.of("a"), SecretCipher.keyIdOf(stored));
        assertEquals(SECRET, A.decrypt("acme", "chat", "pd", stored));
        assertNotEquals(stored, A.encrypt("acme", "chat", "pd", SECRET), "a fresh nonce per value");
    }

    @Test
    void aValueUnderAnotherKeyWithTheSameIdDoesNotAuthenticate() {
        SecretCipher other = SecretCipher.of(KEY_B, Optional.of("a"), Map.of());
        String stored = A.encrypt("acme", "chat", "pd", SECRET);
        SecretCipherException e = assertThrows(SecretCipherException.class, () -> other.decrypt("acme", "chat", "pd", stored));
        assertTrue(e.getMessage().contains("does not authenticate"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));
    }

    @Test
    void anUnknownKeyIdIsNamed() {
        SecretCipher b = SecretCipher.of(KEY_B, Optional.empty(), Map.of());
        String stored = A.encrypt("acme", "chat", "pd", SECRET);
        SecretCipherException e = assertThrows(SecretCipherException.class, () -> b.decrypt("acme", "chat", "pd", stored));
        assertTrue(e.getMessage().contains("key id 'a'"), e.getMessage());
    }

    @Test
    void tamperedCiphertextIsRefused() {
        String stored = A.encrypt("acme", "chat", "pd", SECRET);
        byte[] data = Base64.getDecoder().decode(stored.substring("v1:a:".length()));
        data[data.length / 2] ^= 1;
        String tampered = "v1:a:" + Base64.getEncoder().encodeToString(data);
        assertThrows(SecretCipherException.class, () -> A.decrypt("acme", "chat", "pd", tampered));
    }

    @Test
    void aValueCopiedToAnotherTenantContractOrNameDoesNotDecrypt() {
        String stored = A.encrypt("acme", "chat", "pd", SECRET);
        assertThrows(SecretCipherException.class, () -> A.decrypt("globex", "chat", "pd", stored));
        assertThrows(SecretCipherException.class, () -> A.decrypt("acme", "other", "pd", stored));
        assertThrows(SecretCipherException.class, () -> A.decrypt("acme", "chat", "webhook", stored));
        // the length prefixes keep a shifted boundary from colliding
        String shifted = A.encrypt("ac", "mechat", "pd", SECRET);
        assertThrows(SecretCipherException.class, () -> A.decrypt("acme", "chat", "pd", shifted));
    }

    @Test
    void plaintextIsNotTakenForAnEncryptedValue() {
        assertTrue(A.needsReencryption(SECRET));
        SecretCipherException e = assertThrows(SecretCipherException.class, () -> A.decrypt("acme", "chat", "pd", SECRET));
        assertTrue(e.getMessage().contains("not encrypted"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));
    }

    @Test
    void rotationDecryptsPreviousValuesAndEncryptsUnderTheNewKey() {
        String underA = A.encrypt("acme", "chat", "pd", SECRET);
        SecretCipher b = SecretCipher.of(KEY_B, Optional.of("b"), Map.of("a", KEY_A));
        assertTrue(b.needsReencryption(underA));
        assertEquals(SECRET, b.decrypt("acme", "chat", "pd", underA));
        String underB = b.encrypt("acme", "chat", "pd", SECRET);
        assertEquals(Optional.of("b"), SecretCipher.keyIdOf(underB));
        assertFalse(b.needsReencryption(underB));
        assertThrows(SecretCipherException.class, () -> A.decrypt("acme", "chat", "pd", underB));
    }

    @Test
    void theDefaultKeyIdIsDerivedFromTheKey() {
        SecretCipher a = SecretCipher.of(KEY_A, Optional.empty(), Map.of());
        assertEquals(8, a.keyId().length());
        assertEquals(SecretCipher.defaultKeyId(KEY_A), a.keyId());
        assertNotEquals(SecretCipher.defaultKeyId(KEY_B), a.keyId());
    }
}
