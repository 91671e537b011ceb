package io.infersla.launcher;

import io.infersla.loadgen.LoadgenCommand;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code ./infersla local}: starts the stack, prints the ready line, runs until SIGINT / SIGTERM
 * (or until a child process dies), then stops everything it started. Exit status 0 after a
 * requested stop, 1 when start-up failed or a child died, 64 for a bad command line.
 */
public final class LocalCommand {

    private LocalCommand() {
    }

    public static void main(String[] args) throws InterruptedException {
        // Before any Kafka or zonky class logs: the launcher's console is for the user.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        // The admin client warns at every refused connection while the broker starts.
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        LaunchOptions options;
        try {
            if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
                System.out.print(LaunchOptions.USAGE);
                return;
            }
            options = LaunchOptions.parse(args, LoadgenCommand.DEFAULT_DATA_DIR, Path.of(""));
        } catch (IllegalArgumentException e) {
            System.err.println("infersla: " + e.getMessage());
            System.err.print(LaunchOptions.USAGE);
            System.exit(64);
            return;
        }
        System.exit(run(options, System.getProperty("java.class.path"), System.out));
    }

    /** Runs the stack until the JVM is asked to stop; returns the exit status. */
    static int run(LaunchOptions options, String classpath, PrintStream console) throws InterruptedException {
        LocalStack stack = new LocalStack(console);
        AtomicReference<Demo> demo = new AtomicReference<>();
        AtomicReference<BreachWatch> watch = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Thread hook = new Thread(() -> {
            stopping.set(true);
            console.println("infersla: stopping...");
            Optional.ofNullable(demo.get()).ifPresent(Demo::close);
            Optional.ofNullable(watch.get()).ifPresent(BreachWatch::close);
            stack.close();
            console.println("infersla: stopped");
            stopped.countDown();
            main.interrupt();
        }, "infersla-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Instant since = Instant.now();
            stack.start(options, classpath);
            console.println(stack.readyLine());
            BreachWatch breaches = new BreachWatch(stack.database(), console, since);
            watch.set(breaches);
            breaches.start();
            if (options.demo()) {
                demo.set(Demo.start(stack.endpoints(), options.demoRate(), console));
            }
            while (true) {
                Thread.sleep(1000);
                Optional<ChildProcess> dead = stack.deadChild();
                if (dead.isPresent() && !stopping.get()) {
                    console.println("infersla: " + dead.get().name() + " exited unexpectedly; the end of "
                            + dead.get().logFile() + ":\n" + dead.get().tail(30));
                    return 1;
                }
            }
        } catch (InterruptedException e) {
            // the shutdown hook is stopping everything
            stopped.await();
            return 0;
        } catch (RuntimeException e) {
            if (stopped.getCount() == 0) {
                return 0; // start-up was cut short by a stop request
            }
            console.println("infersla: the local stack did not start: " + e.getMessage());
            return 1;
        }
    }
}
