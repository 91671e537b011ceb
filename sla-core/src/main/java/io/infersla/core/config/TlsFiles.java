package io.infersla.core.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The certificate chain and private key (PEM files) an app serves TLS with, read from the keys an
 * experienced Quarkus user already knows, so that one pair of settings covers every listener of
 * the app: the Quarkus HTTP server (OTLP/HTTP on 4318, the REST API on 8080) takes them directly,
 * and ingest's own OTLP/gRPC server (4317) reads the same files.
 *
 * <p>With TLS, a listener serves TLS only, on its usual port: plain HTTP beside it would be a
 * second, unencrypted way in on another port, so {@value #PLAINTEXT} must be {@code disabled}
 * (the apps set {@code quarkus.http.ssl-port} to the HTTP port).
 *
 * @param certificate the certificate chain, PEM
 * @param key the private key, PEM (PKCS#8, {@code BEGIN PRIVATE KEY})
 */
public record TlsFiles(Path certificate, Path key) {

    public static final String CERTIFICATE = "quarkus.http.ssl.certificate.files";
    public static final String KEY = "quarkus.http.ssl.certificate.key-files";
    public static final String PLAINTEXT = "quarkus.http.insecure-requests";

    public TlsFiles {
        if (certificate == null || key == null) {
            throw new IllegalArgumentException("a TLS certificate and key are both required, were " + certificate + " and " + key);
        }
    }

    /**
     * The files when TLS is configured, empty when it is not.
     *
     * @param config a configuration lookup (an empty value counts as not set)
     * @throws IllegalArgumentException naming every key whose value is wrong, and the value
     */
    public static Optional<TlsFiles> from(Function<String, Optional<String>> config) {
        Optional<String> certificate = value(config, CERTIFICATE);
        Optional<String> key = value(config, KEY);
        Optional<String> plaintext = value(config, PLAINTEXT).map(v -> v.toLowerCase(Locale.ROOT));
        List<String> problems = new ArrayList<>();
        if (certificate.isEmpty() && key.isEmpty()) {
            if (plaintext.filter("disabled"::equals).isPresent()) {
                problems.add(PLAINTEXT + "=disabled without a certificate (" + CERTIFICATE + ") leaves no listener");
            }
            failOn(problems);
            return Optional.empty();
        }
        if (certificate.isEmpty()) {
            problems.add(KEY + " is set but " + CERTIFICATE + " is not: TLS needs both");
        }
        if (key.isEmpty()) {
            problems.add(CERTIFICATE + " is set but " + KEY + " is not: TLS needs both");
        }
        certificate.ifPresent(c -> readableFile(CERTIFICATE, c, problems));
        key.ifPresent(k -> readableFile(KEY, k, problems));
        if (!plaintext.filter("disabled"::equals).isPresent()) {
            problems.add(PLAINTEXT + " must be disabled with TLS (was " + plaintext.orElse("enabled, the default")
                    + "): each listener then serves TLS only, on its usual port");
        }
        failOn(problems);
        return Optional.of(new TlsFiles(Path.of(certificate.get()), Path.of(key.get())));
    }

    private static void failOn(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("TLS settings: " + String.join("; ", problems));
        }
    }

    private static Optional<String> value(Function<String, Optional<String>> config, String key) {
        return config.apply(key).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static void readableFile(String key, String value, List<String> problems) {
        if (value.contains(",")) {
            problems.add(key + " must name one PEM file (a chain goes in one file), was '" + value + "'");
            return;
        }
        Path file = Path.of(value);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            problems.add(key + " names no readable file: " + file.toAbsolutePath());
        }
    }
}
