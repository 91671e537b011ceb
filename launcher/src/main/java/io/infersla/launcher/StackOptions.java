package io.infersla.launcher;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options of the commands that start the local stack, as picocli mixins ({@code @Mixin}). */
final class StackOptions {

    private StackOptions() {
    }

    /** {@code --home}: the checkout whose built apps are started; the command gives the default. */
    static final class Home {
        @Option(names = "--home", paramLabel = "DIR", description = "the InferSLA checkout (default: the current directory)")
        Path home;

        Home(Path defaultHome) {
            this.home = defaultHome;
        }

        Path resolved() {
            return home.toAbsolutePath().normalize();
        }
    }

    /**
     * {@code --data-dir} of a run that measures a stack of its own (bench, chaos): by default a
     * fresh temporary directory, deleted at the end ({@link LocalStack#runOnFreePorts}).
     */
    static final class ScratchDataDir {
        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "where the stack keeps its data (default: a fresh directory, deleted at the end)")
        Path dataDir;

        Optional<Path> given() {
            return Optional.ofNullable(dataDir);
        }
    }
}
