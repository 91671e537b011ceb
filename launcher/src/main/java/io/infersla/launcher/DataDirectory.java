package io.infersla.launcher;

import io.infersla.core.secret.SecretKeys;
import io.infersla.loadgen.LoadgenCommand;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The launcher's data directory: Kafka's log directory ({@code kafka/}), PostgreSQL's data
 * directory ({@code postgres/}), the engine's state ({@code engine/}), the child processes' logs
 * ({@code logs/}), the local bearer token ({@code token}, mode 600), the key of contract secrets
 * ({@code secrets.key}, mode 600) and the choices that must
 * stay the same from one start to the next ({@code launcher.properties}: Kafka cluster id and
 * controller port, PostgreSQL port). Everything survives restarts; delete the directory to start
 * from nothing.
 */
final class DataDirectory {

    static final String STATE_FILE = "launcher.properties";

    private final Path root;
    private final Properties state = new Properties();

    private DataDirectory(Path root) {
        this.root = root;
    }

    static DataDirectory open(Path root) {
        try {
            Files.createDirectories(root);
            Files.createDirectories(root.resolve("logs"));
            DataDirectory dir = new DataDirectory(root);
            Path file = root.resolve(STATE_FILE);
            if (Files.exists(file)) {
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    dir.state.load(in);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use data directory " + root + ": " + e.getMessage(), e);
        }
    }

    Path root() {
        return root;
    }

    Path resolve(String child) {
        return root.resolve(child);
    }

    Path log(String name) {
        return root.resolve("logs").resolve(name + ".log");
    }

    /** The value kept under {@code key}, or {@code initial}'s, kept from now on. */
    synchronized String remember(String key, Supplier<String> initial) {
        String value = state.getProperty(key);
        if (value == null) {
            value = initial.get();
            state.setProperty(key, value);
            save();
        }
        return value;
    }

    /** The value kept under {@code key}, if any. */
    synchronized java.util.Optional<String> get(String key) {
        return java.util.Optional.ofNullable(state.getProperty(key));
    }

    synchronized void put(String key, String value) {
        state.setProperty(key, value);
        save();
    }

    /**
     * The local bearer token: random (32 bytes, URL-safe base64) on first start, then the same,
     * so clients configured once keep working. The load generator reads it from this file.
     */
    String token() {
        Path file = root.resolve(LoadgenCommand.TOKEN_FILE);
        try {
            var existing = LoadgenCommand.readToken(root);
            if (existing.isPresent()) {
                return existing.get();
            }
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String token = "isla_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's own permissions apply
            }
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the local token " + file + ": " + e.getMessage(), e);
        }
    }

    /** Where the local key of contract secrets is kept: beside the token, mode 600. */
    static final String SECRETS_KEY_FILE = "secrets.key";

    /**
     * The file holding the key contract secrets are encrypted under (docs/security.md): random on
     * first start, then the same, since the database's secrets are readable only with it. The
     * engine reads the file ({@code infersla.secrets.key-file}), so the key is never on a command line.
     */
    Path secretsKeyFile() {
        Path file = root.resolve(SECRETS_KEY_FILE);
        if (Files.isRegularFile(file)) {
            return file;
        }
        try {
            Files.writeString(file, SecretKeys.generate() + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's own permissions apply
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the local secrets key " + file + ": " + e.getMessage(), e);
        }
    }

    private void save() {
        Path file = root.resolve(STATE_FILE);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            state.store(out, "InferSLA local stack: choices kept from one start to the next");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a temporary data directory and everything in it; a failure is reported, not thrown (it runs in finally blocks). */
    static void deleteQuietly(Path root) {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(root)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("infersla: could not delete " + root + ": " + e.getMessage());
        }
    }
}
