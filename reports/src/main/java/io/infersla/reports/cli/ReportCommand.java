package io.infersla.reports.cli;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.config.PostgresUrl;
import io.infersla.core.json.JsonException;
import io.infersla.core.report.CanonicalJson;
import io.infersla.core.report.ReportMonth;
import io.infersla.reports.render.ReportCsv;
import io.infersla.reports.render.ReportPdf;
import io.infersla.reports.store.ReportGenerator;
import io.infersla.reports.store.ReportStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./infersla report CONTRACT YYYY-MM} writes a month's report (the latest stored revision,
 * made now when the month has none) as PDF, CSV or JSON; {@code ./infersla report verify FILE}
 * re-hashes a downloaded JSON report and checks it against the stored revision chain.
 */
@Command(name = "./infersla report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write a contract's monthly compliance report (PDF, CSV or JSON).",
        subcommands = ReportCommand.Verify.class)
public final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CONTRACT", arity = "0..1", description = "the contract id")
    String contract;

    @Parameters(index = "1", paramLabel = "YYYY-MM", arity = "0..1", description = "the calendar month, in the contract's time zone")
    String month;

    @Option(names = "--format", paramLabel = "pdf|csv|json", description = "default: pdf")
    String format = "pdf";

    @Option(names = "--out", paramLabel = "FILE",
            description = "where to write it; '-' for standard output (default: infersla-CONTRACT-MONTH-rN.FORMAT here)")
    String out;

    @Option(names = "--revision", paramLabel = "N", description = "an older revision instead of the latest")
    Integer revision;

    @Option(names = "--regenerate", description = "regenerate the month first (stores a revision only if figures changed)")
    boolean regenerate;

    @CommandLine.Mixin
    Connect connect = new Connect();

    /** Where the database is and whose contracts to read. */
    static final class Connect {
        @Option(names = "--pg-url", paramLabel = "URL",
                description = "jdbc:postgresql://host:port/db?user=…, postgresql://user:password@host:port/db?sslmode=… or "
                        + "'host=… port=… dbname=… user=… password=…' (default: $INFERSLA_PG_URL, "
                        + "else the database of ./infersla local in --data-dir); user and password in it are used, "
                        + "the user defaults to yours")
        String pgUrl;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "the local stack's data directory (default ~/.infersla/local)")
        Path dataDir = Path.of(System.getProperty("user.home"), ".infersla", "local");

        @Option(names = "--tenant", paramLabel = "T", description = "the tenant (default: local, the local stack's)")
        String tenant = "local";

        Connection open() throws SQLException, IOException {
            PostgresUrl url;
            if (pgUrl != null) {
                url = PostgresUrl.parse("--pg-url", pgUrl, System.getProperty("user.name"));
            } else if (System.getenv("INFERSLA_PG_URL") != null) {
                url = PostgresUrl.parse("INFERSLA_PG_URL", System.getenv("INFERSLA_PG_URL"), System.getProperty("user.name"));
            } else {
                Path state = dataDir.resolve("launcher.properties");
                if (!Files.exists(state)) {
                    throw new IllegalArgumentException("no --pg-url given and no local stack in " + dataDir
                            + " (start it with ./infersla local, or pass --pg-url)");
                }
                Properties p = new Properties();
                try (InputStream in = Files.newInputStream(state)) {
                    p.load(in);
                }
                url = new PostgresUrl("jdbc:postgresql://127.0.0.1:" + p.getProperty("postgres.port") + "/infersla", "postgres", "");
            }
            return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (contract == null || month == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "CONTRACT and YYYY-MM are required, e.g. report gold 2026-11");
        }
        YearMonth yearMonth;
        try {
            yearMonth = ReportMonth.parseMonth(month);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "YYYY-MM: " + e.getMessage());
        }
        if (!List.of("pdf", "csv", "json").contains(format)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format must be pdf, csv or json, was '" + format + "'");
        }
        try (Connection db = connect.open()) {
            Catalog catalog = Catalog.builtIn();
            if (regenerate || revision == null
                    && ReportStore.latestRevision(db, connect.tenant, contract, yearMonth).isEmpty()) {
                ReportGenerator.Result result = ReportGenerator.generate(db, catalog, connect.tenant, contract, yearMonth,
                        Instant.now(), ReportGenerator.DEFAULT_FINAL_AFTER);
                err().println(result.stored() ? "stored revision " + result.latest() : "figures unchanged: revision "
                        + result.latest() + " is current");
            }
            ReportStore.Report report = ReportStore.get(db, connect.tenant, contract, yearMonth, Optional.ofNullable(revision))
                    .orElseThrow(() -> new IllegalArgumentException("contract " + contract + " has no revision " + revision
                            + " of " + yearMonth));
            byte[] bytes = switch (format) {
                case "csv" -> ReportCsv.render(report.body());
                case "json" -> report.body();
                default -> ReportPdf.render(report.body(), report.revision().sha256());
            };
            String target = out != null ? out
                    : "infersla-" + contract + "-" + yearMonth + "-r" + report.revision().number() + "." + format;
            if (target.equals("-")) {
                System.out.write(bytes);
                System.out.flush();
            } else {
                Files.write(Path.of(target), bytes);
                err().println("wrote " + target + " (" + format + ", revision " + report.revision().number() + ", "
                        + report.revision().status() + ", sha256 " + report.revision().sha256() + ")");
            }
            return 0;
        }
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** {@code report verify FILE}: the file's canonical SHA-256 against the stored chain. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Recompute a JSON report's SHA-256 and check it against the stored revision chain (exit 0 intact, 1 not).")
    static final class Verify implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "a report downloaded as JSON")
        Path file;

        @CommandLine.Mixin
        Connect connect = new Connect();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        @SuppressWarnings("unchecked")
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Map<String, Object> document;
            try {
                document = (Map<String, Object>) CanonicalJson.read(file.toString(), Files.readAllBytes(file));
            } catch (JsonException | ClassCastException e) {
                out.println("NOT A REPORT: " + e.getMessage());
                return 1;
            }
            String sha = CanonicalJson.sha256(CanonicalJson.write(document));
            Map<String, Object> contract = (Map<String, Object>) document.get("contract");
            Map<String, Object> period = (Map<String, Object>) document.get("period");
            Map<String, Object> revision = (Map<String, Object>) document.get("revision");
            if (contract == null || period == null || revision == null) {
                out.println("NOT A REPORT: " + file + " has no contract, period or revision section");
                return 1;
            }
            String name = (String) contract.get("contract");
            YearMonth month = YearMonth.parse((String) period.get("month"));
            int number = ((Number) revision.get("number")).intValue();
            out.println(file + ": " + name + " " + month + " revision " + number + ", sha256 " + sha);
            try (Connection db = connect.open()) {
                Optional<ReportStore.Report> stored = ReportStore.get(db, connect.tenant, name, month, Optional.of(number));
                if (stored.isEmpty()) {
                    out.println("MISMATCH: no stored revision " + number + " of " + name + " " + month + " for tenant " + connect.tenant);
                    return 1;
                }
                if (!stored.get().revision().sha256().equals(sha)) {
                    out.println("MISMATCH: the file's figures hash to " + sha + " but stored revision " + number + " has "
                            + stored.get().revision().sha256() + ": the file was changed");
                    return 1;
                }
                List<ReportStore.Revision> chain = ReportStore.list(db, connect.tenant, name).stream()
                        .filter(r -> r.month().equals(month)).sorted((a, b) -> Integer.compare(a.number(), b.number())).toList();
                for (int i = 0; i < chain.size(); i++) {
                    ReportStore.Revision r = chain.get(i);
                    String expected = i == 0 ? null : chain.get(i - 1).sha256();
                    if (r.number() != i + 1 || !java.util.Objects.equals(r.previousSha256(), expected)) {
                        out.println("MISMATCH: the stored chain is broken at revision " + r.number());
                        return 1;
                    }
                }
                out.println("OK: matches stored revision " + number + " (" + stored.get().revision().status()
                        + "); chain of " + chain.size() + " revision(s) intact");
                return 0;
            }
        }
    }

    /**
     * What a failing report command prints: a problem with the input or the database is one line
     * and exit 2 (the {@code ./infersla} entry point and the tests both install it).
     */
    public static final CommandLine.IExecutionExceptionHandler ERRORS = (e, cmd, parsed) -> {
        if (e instanceof IllegalArgumentException || e instanceof SQLException) {
            cmd.getErr().println("infersla report: " + e.getMessage());
            return 2;
        }
        throw e;
    };

    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine line = new CommandLine(new ReportCommand()).setOut(out).setErr(err);
        line.setExecutionExceptionHandler(ERRORS);
        return line.execute(args);
    }
}
