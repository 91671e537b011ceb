package io.infersla.core.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts contract secrets for storage: AES-256-GCM, a random 96-bit nonce per value, stored as
 * {@code v1:<key-id>:<base64(nonce || ciphertext || tag)>}. The associated data binds the value
 * to its tenant, contract and secret name (and the version and key id), so a value copied to
 * another contract or name does not decrypt. Values under a previous key still decrypt, so that
 * rotation can re-encrypt them; new values are always under the current key.
 *
 * <p>No message of this class ever contains a secret or a key.
 */
public final class SecretCipher {

    public static final String VERSION = "v1";
    public static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String currentId;
    private final Map<String, SecretKeySpec> keys;

    private SecretCipher(String currentId, Map<String, SecretKeySpec> keys) {
        this.currentId = currentId;
        this.keys = keys;
    }

    /**
     * @param current the key new values are encrypted under (32 bytes)
     * @param currentId its id, or empty for {@link #defaultKeyId}
     * @param previous id → key of keys values may still be under (they decrypt, they are never written)
     * @throws IllegalArgumentException naming the key id that is wrong (never the key)
     */
    public static SecretCipher of(byte[] current, Optional<String> currentId, Map<String, byte[]> previous) {
        String id = currentId.orElseGet(() -> defaultKeyId(current));
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        keys.put(checkId(id), spec(id, current));
        previous.forEach((previousId, key) -> {
            if (previousId.equals(id)) {
                throw new IllegalArgumentException("previous key '" + previousId + "' has the id of the current key");
            }
            keys.put(checkId(previousId), spec(previousId, key));
        });
        return new SecretCipher(id, Map.copyOf(keys));
    }

    /** The first 8 hex digits of the key's SHA-256: names the key in stored values without revealing it. */
    public static String defaultKeyId(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** The id of the key new values are encrypted under. */
    public String keyId() {
        return currentId;
    }

    /** Whether {@code stored} has this cipher's shape ({@value #VERSION}:id:data), under any key. */
    public static boolean isEncrypted(String stored) {
        return stored != null && stored.startsWith(VERSION + ":") && stored.indexOf(':', VERSION.length() + 1) > 0;
    }

    /** The key id of an encrypted value; empty for anything else (a plaintext value). */
    public static Optional<String> keyIdOf(String stored) {
        if (!isEncrypted(stored)) {
            return Optional.empty();
        }
        return Optional.of(stored.substring(VERSION.length() + 1, stored.indexOf(':', VERSION.length() + 1)));
    }

    /** Whether a value under this key id decrypts here (it is the current or a previous key). */
    public boolean knows(String keyId) {
        return keys.containsKey(keyId);
    }

    public String encrypt(String tenant, String contract, String name, String plaintext) {
        Objects.requireNonNull(plaintext, "secret value");
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
            aes.updateAAD(associatedData(currentId, tenant, contract, name));
            byte[] sealed = aes.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return VERSION + ":" + currentId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every JVM", e);
        }
    }

    /**
     * @throws SecretCipherException when the value is not an encrypted value, its key id is not
     *     known here, or it does not authenticate (wrong key, altered, or stored under another
     *     tenant, contract or name); the message names the key id and the problem, never the value
     */
    public String decrypt(String tenant, String contract, String name, String stored) {
        Optional<String> keyId = keyIdOf(stored);
        if (keyId.isEmpty()) {
            throw new SecretCipherException("secret '" + name + "' is not encrypted (" + VERSION + ":<key-id>:<data>)");
        }
        SecretKeySpec key = keys.get(keyId.get());
        if (key == null) {
            throw new SecretCipherException("secret '" + name + "' is encrypted under key id '" + keyId.get()
                    + "', which is neither the current key nor a previous key");
        }
        byte[] data;
        try {
            data = Base64.getDecoder().decode(stored.substring(VERSION.length() + keyId.get().length() + 2));
        } catch (IllegalArgumentException e) {
            throw new SecretCipherException("secret '" + name + "' under key id '" + keyId.get() + "' is not base64");
        }
        if (data.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecretCipherException("secret '" + name + "' under key id '" + keyId.get() + "' is too short");
        }
        try {
            Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
            aes.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
            aes.updateAAD(associatedData(keyId.get(), tenant, contract, name));
            return new String(aes.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SecretCipherException("secret '" + name + "' under key id '" + keyId.get()
                    + "' does not authenticate (another key with that id, altered, or copied from another contract or name)");
        } catch (GeneralSecurityException e) {
            throw new SecretCipherException("secret '" + name + "' under key id '" + keyId.get()
                    + "' cannot be decrypted: " + e.getClass().getSimpleName());
        }
    }

    /** Whether a stored value must be (re-)encrypted under the current key: plaintext, or under a previous key. */
    public boolean needsReencryption(String stored) {
        return keyIdOf(stored).map(id -> !id.equals(currentId)).orElse(true);
    }

    private static byte[] associatedData(String keyId, String tenant, String contract, String name) {
        // Lengths first, so that no two (tenant, contract, name) triples give the same bytes.
        StringBuilder aad = new StringBuilder(VERSION).append('|').append(keyId);
        for (String part : new String[] {tenant, contract, name}) {
            aad.append('|').append(part.length()).append(':').append(part);
        }
        return aad.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String checkId(String id) {
        if (!KEY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("key id '" + id + "' must be 1..64 of A-Z a-z 0-9 _ . -");
        }
        return id;
    }

    private static SecretKeySpec spec(String id, byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("key '" + id + "' must be " + KEY_BYTES + " bytes (AES-256), was "
                    + key.length);
        }
        return new SecretKeySpec(key, "AES");
    }
}
