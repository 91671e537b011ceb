package io.infersla.core.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The keys of {@link SecretCipher} from configuration ({@code infersla.secrets.*}):
 * {@code key} (base64 of 32 bytes) or {@code key-file} (a file holding that), {@code key-id}
 * (default {@link SecretCipher#defaultKeyId}), and for rotation
 * {@code previous-keys.<id>} / {@code previous-key-files.<id>}. There is no default key and no
 * plaintext mode: without a key, secrets cannot be stored or read.
 */
public final class SecretKeys {

    public static final String PREFIX = "infersla.secrets.";
    public static final String KEY = PREFIX + "key";
    public static final String KEY_FILE = PREFIX + "key-file";
    public static final String KEY_ID = PREFIX + "key-id";
    public static final String PREVIOUS_KEYS = PREFIX + "previous-keys";
    public static final String PREVIOUS_KEY_FILES = PREFIX + "previous-key-files";

    private SecretKeys() {
    }

    /** A new random key, base64: what {@code head -c 32 /dev/urandom | base64} prints. */
    public static String generate() {
        byte[] key = new byte[SecretCipher.KEY_BYTES];
        new java.security.SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /**
     * @throws IllegalArgumentException listing every problem, each naming its key and what is wrong
     *     (a file's path, never a key's value)
     */
    public static SecretCipher configure(Optional<String> key, Optional<String> keyFile, Optional<String> keyId,
            Map<String, String> previousKeys, Map<String, String> previousKeyFiles) {
        List<String> problems = new ArrayList<>();
        byte[] current = null;
        if (key.isPresent() && keyFile.isPresent()) {
            problems.add(KEY + " and " + KEY_FILE + " are both set; set one");
        } else if (key.isEmpty() && keyFile.isEmpty()) {
            problems.add("no key to encrypt contract secrets: set " + KEY + " (base64 of 32 random bytes, e.g. `head -c 32"
                    + " /dev/urandom | base64`) or " + KEY_FILE + " (a file holding that)");
        } else if (key.isPresent()) {
            current = decode(KEY, key.get(), problems);
        } else {
            current = read(KEY_FILE, keyFile.get(), problems);
        }
        Map<String, byte[]> previous = new TreeMap<>();
        previousKeys.forEach((id, value) -> {
            byte[] k = decode(PREVIOUS_KEYS + "." + id, value, problems);
            if (k != null) {
                previous.put(id, k);
            }
        });
        previousKeyFiles.forEach((id, file) -> {
            if (previousKeys.containsKey(id)) {
                problems.add(PREVIOUS_KEYS + "." + id + " and " + PREVIOUS_KEY_FILES + "." + id + " are both set; set one");
                return;
            }
            byte[] k = read(PREVIOUS_KEY_FILES + "." + id, file, problems);
            if (k != null) {
                previous.put(id, k);
            }
        });
        if (problems.isEmpty()) {
            try {
                return SecretCipher.of(current, keyId.filter(s -> !s.isBlank()), previous);
            } catch (IllegalArgumentException e) {
                problems.add(PREFIX + "*: " + e.getMessage());
            }
        }
        throw new IllegalArgumentException(String.join("; ", problems));
    }

    private static byte[] decode(String name, String value, List<String> problems) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value.strip());
        } catch (IllegalArgumentException e) {
            problems.add(name + " is not base64 (expected base64 of " + SecretCipher.KEY_BYTES + " random bytes)");
            return null;
        }
        if (bytes.length != SecretCipher.KEY_BYTES) {
            problems.add(name + " must decode to " + SecretCipher.KEY_BYTES + " bytes (AES-256), decodes to "
                    + bytes.length);
            return null;
        }
        return bytes;
    }

    private static byte[] read(String name, String file, List<String> problems) {
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            problems.add(name + " '" + file + "' cannot be read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
            return null;
        }
        return decode(name + " '" + file + "'", text, problems);
    }
}
