package io.infersla.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void theTokenIsRandomOnceAndThenTheSame() throws Exception {
        String first = DataDirectory.open(dir).token();
        String again = DataDirectory.open(dir).token();

        assertThat(first).startsWith("isla_").hasSizeGreaterThanOrEqualTo(16 + 5);
        assertThat(again).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("token")))).isEqualTo("rw-------");
        assertThat(DataDirectory.open(dir.resolve("other")).token()).isNotEqualTo(first);
    }

    @Test
    void rememberedChoicesSurviveReopening() {
        assertThat(DataDirectory.open(dir).remember("postgres.port", () -> "5433")).isEqualTo("5433");
        assertThat(DataDirectory.open(dir).remember("postgres.port", () -> "9999")).isEqualTo("5433");
    }

    @Test
    void theBrokerConfigurationKeepsItsLogsInTheDataDirectory() {
        String config = KafkaNode.serverProperties(9092, 9093, dir.resolve("kafka/data"));

        assertThat(config).contains("process.roles=broker,controller", "log.dirs=" + dir.resolve("kafka/data"),
                "listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093",
                "controller.quorum.bootstrap.servers=127.0.0.1:9093", "offsets.topic.replication.factor=1");
    }
}
