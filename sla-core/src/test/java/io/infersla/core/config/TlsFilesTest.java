package io.infersla.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsFilesTest {

    @TempDir
    Path dir;

    private static Optional<TlsFiles> read(Map<String, String> config) {
        return TlsFiles.from(key -> Optional.ofNullable(config.get(key)));
    }

    private Path file(String name) throws IOException {
        return Files.writeString(dir.resolve(name), "-----BEGIN CERTIFICATE-----\n");
    }

    @Test
    void nothingSetIsPlaintext() {
        assertThat(read(Map.of())).isEmpty();
        assertThat(read(Map.of(TlsFiles.CERTIFICATE, " ", TlsFiles.PLAINTEXT, "enabled"))).isEmpty();
    }

    @Test
    void aCertificateAndKeyWithPlaintextDisabledIsTls() throws IOException {
        Path cert = file("cert.pem");
        Path key = file("key.pem");

        assertThat(read(Map.of(TlsFiles.CERTIFICATE, cert.toString(), TlsFiles.KEY, key.toString(), TlsFiles.PLAINTEXT, "Disabled")))
                .contains(new TlsFiles(cert, key));
    }

    @Test
    void everyProblemIsNamedWithItsKeyAndValue() throws IOException {
        Path cert = file("cert.pem");

        assertThatThrownBy(() -> read(Map.of(TlsFiles.CERTIFICATE, cert.toString())))
                .hasMessage("TLS settings: quarkus.http.ssl.certificate.files is set but quarkus.http.ssl.certificate.key-files"
                        + " is not: TLS needs both; quarkus.http.insecure-requests must be disabled with TLS (was enabled,"
                        + " the default): each listener then serves TLS only, on its usual port");
        assertThatThrownBy(() -> read(Map.of(TlsFiles.CERTIFICATE, cert + "," + cert, TlsFiles.KEY, "/nowhere/key.pem",
                TlsFiles.PLAINTEXT, "redirect")))
                .hasMessageContaining("quarkus.http.ssl.certificate.files must name one PEM file (a chain goes in one file), was '")
                .hasMessageContaining("quarkus.http.ssl.certificate.key-files names no readable file: /nowhere/key.pem")
                .hasMessageContaining("quarkus.http.insecure-requests must be disabled with TLS (was redirect)");
        assertThatThrownBy(() -> read(Map.of(TlsFiles.KEY, cert.toString(), TlsFiles.PLAINTEXT, "disabled")))
                .hasMessage("TLS settings: quarkus.http.ssl.certificate.key-files is set but quarkus.http.ssl.certificate.files"
                        + " is not: TLS needs both");
    }

    @Test
    void plaintextDisabledWithoutACertificateLeavesNoListener() {
        assertThatThrownBy(() -> read(Map.of(TlsFiles.PLAINTEXT, "disabled")))
                .hasMessage("TLS settings: quarkus.http.insecure-requests=disabled without a certificate"
                        + " (quarkus.http.ssl.certificate.files) leaves no listener");
    }
}
