package io.infersla.loadgen.cli;

import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * What every {@code ./infersla} command line shares: picocli with the one duration syntax
 * ({@link DurationConverter}), help from the annotations ({@code --help}, exit 0), and a usage
 * error as one line on stderr, {@code infersla bench: <what is wrong>; see ./infersla bench --help},
 * with exit status {@link #USAGE_ERROR} (no stack trace, no usage dump).
 */
public final class Cli {

    /** The exit status of a bad command line. */
    public static final int USAGE_ERROR = 2;
    /** Wide enough that most option descriptions, defaults included, fit on one line. */
    static final int HELP_WIDTH = 110;

    private Cli() {
    }

    /** {@code -h}, {@code --help}: every command's ({@code @Mixin Cli.Help help;}). */
    public static final class Help {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help (options and their defaults) and exit")
        boolean help;
    }

    /** A picocli command line for {@code command} writing to {@code out} and {@code err}. */
    public static CommandLine commandLine(Object command, PrintWriter out, PrintWriter err) {
        CommandLine line = new CommandLine(command);
        line.registerConverter(Duration.class, new DurationConverter());
        line.setOut(out).setErr(err).setUsageHelpWidth(HELP_WIDTH);
        line.setParameterExceptionHandler(Cli::usageError);
        return line;
    }

    /** Parses without executing (tests, and commands that build another's options). */
    public static CommandLine commandLine(Object command) {
        return commandLine(command, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    /** Parses and runs {@code command}; returns the exit status (0 after --help, 2 on a usage error). */
    public static int execute(Object command, PrintWriter out, PrintWriter err, String... args) {
        return execute(commandLine(command, out, err), args);
    }

    /** Runs a command line made by {@link #commandLine} (and set up further); flushes its output. */
    public static int execute(CommandLine line, String... args) {
        try {
            return line.execute(args);
        } finally {
            line.getOut().flush();
            line.getErr().flush();
        }
    }

    /** {@link #execute(Object, PrintWriter, PrintWriter, String...)} on standard output and error. */
    public static int execute(Object command, String... args) {
        return execute(command, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** A usage error for business-logic checks: handled as one line and exit 2 like a parse error. */
    public static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine line = e.getCommandLine();
        String name = line.getCommandSpec().qualifiedName();
        String message = String.valueOf(e.getMessage()).strip().replaceAll("\\s*\\R\\s*", " ");
        line.getErr().println(name.replaceFirst("^\\./", "") + ": " + message + "; see " + name + " --help");
        line.getErr().flush();
        return USAGE_ERROR;
    }
}
