package io.infersla.loadgen.cli;

import io.infersla.core.catalog.DurationText;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The one duration syntax of every command line ({@link DurationText#parseOption}): a whole
 * number and a unit, {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 1d}, or {@code 0}.
 * Negative durations do not parse; whether zero means anything is each option's decision.
 * {@link Cli#commandLine} registers it for every {@link Duration} option.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return DurationText.parseOption(value).orElseThrow(() -> new TypeConversionException(
                "'" + value + "' is not a duration (" + DurationText.OPTION_SYNTAX + ")"));
    }
}
