package io.infersla.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A process the launcher started: its output goes to a log file in the data directory, its pid to
 * {@code run/<name>.pid} so that a later start can end what a killed launcher left behind, and
 * {@link #stop} ends it politely (SIGTERM), then forcibly after a grace period, and waits for it.
 */
final class ChildProcess {

    private static final System.Logger LOG = System.getLogger(ChildProcess.class.getName());

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Path pidFile;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private ChildProcess(String name, Process process, Path logFile, Path pidFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.pidFile = pidFile;
    }

    /** The java executable of this JVM, so children run on the same JDK. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static ChildProcess start(String name, List<String> command, Path workDir, DataDirectory data) {
        Path log = data.log(name);
        Path pid = data.resolve("run").resolve(name + ".pid");
        try {
            Files.createDirectories(workDir);
            Files.createDirectories(pid.getParent());
            reapLeftover(name, pid, data.root());
            Process process = new ProcessBuilder(detached(command))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            Files.writeString(pid, Long.toString(process.pid()), StandardCharsets.UTF_8);
            return new ChildProcess(name, process, log, pid);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * The command in a session of its own when {@code setsid} exists (util-linux, every Linux):
     * Ctrl-C in a terminal signals the whole foreground process group, and the children would
     * then all stop at once, Kafka before the services that still need it. Detached, they hear
     * only the launcher, which stops them in order. setsid execs in place, so the pid stays the
     * child's own.
     */
    private static List<String> detached(List<String> command) {
        for (String dir : new String[] {"/usr/bin", "/bin"}) {
            Path setsid = Path.of(dir, "setsid");
            if (Files.isExecutable(setsid)) {
                List<String> wrapped = new ArrayList<>();
                wrapped.add(setsid.toString());
                wrapped.addAll(command);
                return wrapped;
            }
        }
        return command;
    }

    /**
     * Ends every child an earlier launcher on this data directory left running (it was killed
     * with SIGKILL): the services first, then the broker, so that none of them loses its Kafka
     * while it stops. Called before any port is checked, since the leftovers still hold theirs.
     */
    static void reapLeftovers(DataDirectory data) {
        for (String name : List.of("ingest", "sla-engine", "kafka", "kafka-format")) {
            try {
                reapLeftover(name, data.resolve("run").resolve(name + ".pid"), data.root());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot check for a leftover " + name + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * A launcher killed with SIGKILL cannot stop its children. If the pid file names a live
     * process whose command line mentions this data directory, it is ours: end it before starting
     * a new one on the same files and ports.
     */
    private static void reapLeftover(String name, Path pidFile, Path dataDir) throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        String text = Files.readString(pidFile, StandardCharsets.UTF_8).trim();
        Files.delete(pidFile);
        Optional<ProcessHandle> handle;
        try {
            handle = ProcessHandle.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return;
        }
        handle.filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains(dataDir.toString())).orElse(false))
                .ifPresent(h -> {
                    System.out.println("infersla: ending " + name + " (pid " + h.pid() + ") left running by an earlier launcher");
                    h.destroy();
                    try {
                        h.onExit().get(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        h.destroyForcibly();
                    }
                });
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** How it ended: {@code status 1}, or the signal that killed it ({@code SIGKILL} for 137). */
    String exitDescription() {
        int status = process.exitValue();
        return switch (status) {
            case 137 -> "killed by SIGKILL (kill -9, or the kernel's OOM killer)";
            case 143 -> "killed by SIGTERM";
            case 134 -> "aborted (SIGABRT)";
            default -> "status " + status;
        };
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    Path logFile() {
        return logFile;
    }

    /** @throws IllegalStateException with the end of its log, if the process has exited */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with status " + process.exitValue() + "; the end of "
                    + logFile + ":\n" + tail(40));
        }
    }

    /** The last {@code lines} lines of its log. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * SIGTERM, then SIGKILL after {@code grace}; returns once the process (and anything it
     * started) has exited. Idempotent.
     */
    void stop(Duration grace) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        List<ProcessHandle> descendants = new ArrayList<>(process.descendants().toList());
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "{0} did not stop within {1} s: killing it", name, grace.toSeconds());
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle d : descendants) {
                if (d.isAlive()) {
                    d.destroyForcibly();
                    d.onExit().get(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "{0}: a descendant did not exit: {1}", name, e.toString());
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // a stale pid file is checked against the command line before it is used
        }
    }
}
