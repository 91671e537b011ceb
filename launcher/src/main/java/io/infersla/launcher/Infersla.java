package io.infersla.launcher;

import io.infersla.core.catalog.Catalog;
import io.infersla.loadgen.LoadgenCommand;
import io.infersla.loadgen.cli.CatalogCommand;
import io.infersla.loadgen.cli.Cli;
import io.infersla.reports.cli.ReportCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The one Java entry point of {@code ./infersla}: the bash script builds what is missing and hands
 * over here with the command's name first ({@code local}, {@code chaos}, {@code bench}, {@code bench-ingest},
 * {@code loadgen}, {@code catalog}, {@code report}). Each command keeps its own picocli
 * definition, so its {@code --help} and usage errors read {@code ./infersla <command> ...} as
 * before. The checkout is the system property {@code infersla.home} (the script sets it).
 */
public final class Infersla {

    /** The commands, as {@code ./infersla --help} lists them. */
    static final String COMMANDS = "local, chaos, bench, bench-ingest, loadgen, catalog, report";

    private Infersla() {
    }

    public static void main(String[] args) {
        // Before any Kafka or zonky class logs: the console is for the user, and the admin client
        // warns at every refused connection while a broker starts.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        // One log line format for the project's own System.Logger (through java.util.logging) and
        // the libraries' SLF4J, the same as the Quarkus apps' console: 20:51:07,123 WARN  [name] text
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT,%1$tL %4$-5s [%3$s] %5$s%6$s%n");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss,SSS");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                Path.of(System.getProperty("infersla.home", "")), args));
    }

    /** Runs the named command; 2 with one line on {@code err} when there is none or it is unknown. */
    static int run(PrintWriter out, PrintWriter err, Path home, String... args) {
        if (args.length == 0) {
            err.println("infersla: a command is required (" + COMMANDS + "); see ./infersla --help");
            err.flush();
            return Cli.USAGE_ERROR;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "local" -> Cli.execute(new LocalCommand(LoadgenCommand.DEFAULT_DATA_DIR, home), out, err, rest);
            case "chaos" -> Cli.execute(new ChaosCommand(home), out, err, rest);
            case "bench" -> Cli.execute(new BenchCommand(home), out, err, rest);
            case "bench-ingest" -> Cli.execute(new IngestBenchmark(), out, err, rest);
            case "loadgen" -> Cli.execute(new LoadgenCommand(System.getenv(), Catalog.builtIn()), out, err, rest);
            case "catalog" -> Cli.execute(new CatalogCommand(), out, err, rest);
            case "report" -> Cli.execute(Cli.commandLine(new ReportCommand(), out, err)
                    .setExecutionExceptionHandler(ReportCommand.ERRORS), rest);
            default -> {
                err.println("infersla: unknown command '" + args[0] + "' (" + COMMANDS + "); see ./infersla --help");
                err.flush();
                yield Cli.USAGE_ERROR;
            }
        };
    }
}
