package io.infersla.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogCommandTest {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        return Cli.execute(new CatalogCommand(), new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void helpShowsTheFileAndItsDefault() {
        assertThat(run("--help")).isZero();

        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(help).contains("Usage: ./infersla catalog [-h] [FILE]", "[FILE] a catalog file (default: the built-in catalog)",
                "-h, --help show this help (options and their defaults) and exit");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void printsTheBuiltInCatalog() {
        assertThat(run()).isZero();

        assertThat(out.toString()).startsWith("{").contains("\"catalog_version\"", "\"chatbot\"");
    }

    @Test
    void anInvalidCatalogIsExit2WithItsProblems(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.json"), "{\"catalog_version\": 1}");

        assertThat(run(file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("bad.json");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aBadCommandLineIsOneLineAndExit2() {
        assertThat(run("--pretty")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("infersla catalog: Unknown option: '--pretty'; see ./infersla catalog --help"
                + System.lineSeparator());

        StringWriter again = new StringWriter();
        assertThat(Cli.execute(new CatalogCommand(), new PrintWriter(out), new PrintWriter(again), "a.json", "b.json")).isEqualTo(2);
        assertThat(again.toString().lines()).hasSize(1);
    }
}
