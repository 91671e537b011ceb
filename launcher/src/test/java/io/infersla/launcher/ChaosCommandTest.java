package io.infersla.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParameterException;

class ChaosCommandTest {

    @Test
    void defaultsAFreshDataDirectoryAndTheCurrentCheckout() {
        ChaosCommand.ChaosOptions o = ChaosCommand.parse("--short");

        assertThat(o.dataDir()).isEmpty();
        assertThat(o.home()).isEqualTo(Path.of("").toAbsolutePath().normalize());
        assertThat(o.plan()).isEqualTo(ChaosPlan.shortRun());
        assertThat(o.rate()).isEqualTo(40.0);
    }

    @Test
    void takesTheGivenDirectoriesAndRate(@TempDir Path tmp) {
        ChaosCommand.ChaosOptions o = ChaosCommand.parse("--data-dir", tmp.resolve("new").toString(), "--home", "/srv/infersla/../infersla",
                "--rate", "12.5");

        assertThat(o.dataDir()).contains(tmp.resolve("new"));
        assertThat(o.home()).isEqualTo(Path.of("/srv/infersla"));
        assertThat(o.rate()).isEqualTo(12.5);
    }

    @Test
    void refusesADataDirectoryThatExistsNamingTheOption(@TempDir Path tmp) {
        assertThatThrownBy(() -> ChaosCommand.parse("--data-dir", tmp.toString()))
                .isInstanceOf(ParameterException.class)
                .hasMessage("--data-dir must be a directory that does not exist yet (a fault run starts fresh), was " + tmp);
    }
}
