package io.infersla.loadgen.cli;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.catalog.CatalogException;
import io.infersla.core.catalog.CatalogLoader;
import io.infersla.core.catalog.EffectiveCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./infersla catalog [FILE]}: prints the effective built-in catalog as JSON
 * ({@link EffectiveCatalog}), or validates and prints FILE. Exit status 2 with every problem on
 * stderr when the catalog is invalid or unreadable, 2 with one line on a usage error. It lives
 * here rather than in sla-core so that the core keeps no command-line library.
 */
@Command(name = "./infersla catalog", sortSynopsis = false,
        description = "Print the effective SLA catalog as JSON (every default applied): the built-in one, or FILE after "
                + "validating it. Exit status 2 with every problem on stderr when FILE is not a valid catalog.")
public final class CatalogCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "a catalog file (default: the built-in catalog)")
    Path file;

    @Mixin
    Cli.Help help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Catalog catalog;
        try {
            catalog = file == null ? Catalog.builtIn()
                    : CatalogLoader.load(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (CatalogException e) {
            err.println(e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("infersla catalog: cannot read " + file + ": " + e);
            return 2;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(EffectiveCatalog.toJson(catalog));
        out.flush();
        return 0;
    }
}
