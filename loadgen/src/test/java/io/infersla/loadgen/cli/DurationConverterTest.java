package io.infersla.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    /** The one duration syntax of every command line; "invalid" rows must be refused. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "invalid", value = {
        "500ms      | PT0.5S",
        "1ms        | PT0.001S",
        "0ms        | PT0S",
        "10s        | PT10S",
        "90s        | PT1M30S",
        "5m         | PT5M",
        "2h         | PT2H",
        "1d         | PT24H",
        "7d         | PT168H",
        "0          | PT0S",
        "0s         | PT0S",
        "010s       | PT10S",
        "999999999s | PT277777H46M39S",
        "-1s        | invalid",
        "-0         | invalid",
        "-5m        | invalid",
        "+5m        | invalid",
        "10         | invalid",
        "1.5s       | invalid",
        "10 s       | invalid",
        "10S        | invalid",
        "1w         | invalid",
        "1y         | invalid",
        "10sec      | invalid",
        "s          | invalid",
        "ms         | invalid",
        "abc        | invalid",
        "PT10S      | invalid",
        "1000000000s | invalid",
        "''         | invalid",
    })
    void convertsTheOneSyntaxAndRefusesEverythingElse(String text, String expected) {
        DurationConverter converter = new DurationConverter();
        if (expected == null) {
            assertThatThrownBy(() -> converter.convert(text)).isInstanceOf(TypeConversionException.class)
                    .hasMessage("'" + text + "' is not a duration (a whole number and a unit: 500ms, 10s, 5m, 2h, 1d (or 0))");
        } else {
            assertThat(converter.convert(text)).isEqualTo(Duration.parse(expected));
        }
    }
}
