package io.infersla.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./infersla chaos --short} as a user runs it, in its own JVM: the whole local stack under
 * load through one fault of each kind, then its books. Needs ingest and sla-engine built (the
 * reactor builds them before this module). About 4 minutes.
 */
class ChaosIT {

    static final long TIMEOUT_MINUTES = 9;

    @TempDir
    Path tmp;

    private Process process;

    @Test
    void theShortFaultRunBalancesItsBooks() throws Exception {
        Path dataDir = tmp.resolve("stack");
        process = new ProcessBuilder(ChildProcess.java(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                Infersla.class.getName(), "chaos", "--short", "--home", LocalCommandIT.HOME.toString(), "--data-dir", dataDir.toString())
                .redirectErrorStream(true).start();
        List<String> console = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    System.out.println("[chaos] " + line);
                    console.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "chaos-console");
        reader.start();
        assertThat(process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)).as("chaos --short ends within %d minutes", TIMEOUT_MINUTES)
                .isTrue();
        reader.join(10_000);

        // Each fault was applied, and the supervisor brought every killed part back.
        for (String part : List.of("sla-engine", "ingest", "kafka")) {
            assertThat(console).as("%s killed and restarted", part)
                    .anyMatch(l -> l.startsWith("infersla: " + part + " exited unexpectedly (killed by SIGKILL"))
                    .anyMatch(l -> l.startsWith("infersla: " + part + " is back"));
        }
        assertThat(console).anyMatch(l -> l.startsWith("chaos: PostgreSQL stopped")).anyMatch(l -> l.equals("chaos: PostgreSQL is back"));
        assertThat(console).as("the engine met the PagerDuty outage").anyMatch(l -> Pattern.matches(
                "chaos: PagerDuty endpoint answers 202 again \\([1-9][0-9]* requests refused\\)", l));
        // The books: each balanced, and the verdict.
        for (String book : List.of("N1", "N2", "N3")) {
            assertThat(console).as("book %s", book).anyMatch(l -> l.startsWith(book + "    balanced    "));
        }
        assertThat(console).as("every fault recovered from").noneMatch(l -> l.contains("NOT within the run"));
        assertThat(console).contains("books balanced");
        assertThat(process.exitValue()).isZero();
    }

    @AfterEach
    void killLeftovers() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
