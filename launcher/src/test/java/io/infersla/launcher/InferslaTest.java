package io.infersla.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code ./infersla <command>}: the one entry point hands each command its own arguments. */
class InferslaTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Infersla.run(new PrintWriter(out), new PrintWriter(err), Path.of("/srv/infersla"), args);
    }

    @ParameterizedTest(name = "{0} --help")
    @ValueSource(strings = {"local", "chaos", "bench", "bench-ingest", "loadgen", "catalog", "report"})
    void everyCommandAnswersHelpWithItsOwnUsage(String command) {
        assertThat(run(command, "--help")).isZero();

        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).startsWith("Usage: ./infersla " + command + " ");
    }

    /** A usage error is one line naming the command and exit 2, whichever command it is. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "local --api-port x                 | infersla local: Invalid value for option '--api-port': 'x' is not an int",
        "bench --breaches -1                | infersla bench: --breaches must be a whole number >= 0, was -1",
        "chaos --rate 0                     | infersla chaos: --rate must be a number > 0, was 0.0",
        "chaos --short --seed x             | infersla chaos: Invalid value for option '--seed': 'x' is not a long",
        "loadgen --rate 0                   | infersla loadgen: --rate",
        "catalog a.json b.json              | infersla catalog: Unmatched argument",
        "report --format xls gold 2026-11   | infersla report: --format must be pdf, csv or json, was 'xls'",
        "report gold 2026-13                | infersla report: YYYY-MM:",
        "report verify                      | infersla report verify: Missing required parameter: 'FILE'",
    })
    void aBadCommandLineIsExit2AndOneLine(String args, String start) {
        assertThat(run(args.split(" "))).isEqualTo(2);

        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines()).singleElement().asString().startsWith(start).contains("--help");
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "lcoal"})
    void aMissingOrUnknownCommandIsExit2AndNamesTheCommands(String command) {
        assertThat(command.isEmpty() ? run() : run(command)).isEqualTo(2);

        assertThat(err.toString().lines()).singleElement().asString().contains("local, chaos, bench, bench-ingest, loadgen, catalog, report");
    }
}
