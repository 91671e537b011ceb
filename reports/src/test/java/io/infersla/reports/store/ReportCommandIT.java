package io.infersla.reports.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersla.core.request.SeriesKey;
import io.infersla.core.window.Slice;
import io.infersla.migrations.Migrations;
import io.infersla.reports.cli.ReportCommandAccess;
import io.infersla.testsupport.PostgresDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./infersla report} and {@code report verify} against a real PostgreSQL. */
class ReportCommandIT {

    static final PostgresDatabase db = PostgresDatabase.create();
    static final SeriesKey SERIES = new SeriesKey("acme", "東京推論", "推論-api", "prod", "llama", "chatbot", "gpu", "");
    static String pgUrl;

    @TempDir
    Path dir;

    @BeforeAll
    static void seed() throws Exception {
        Migrations.apply(db.dataSource());
        pgUrl = db.jdbcUrl().replace("jdbc:postgresql://", "postgresql://" + db.user() + "@");
        try (Connection c = db.connection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO sla.contracts (tenant, contract, display_name, time_zone) VALUES "
                    + "('acme', '東京推論', '東京推論 株式会社', 'Asia/Tokyo')");
            c.setAutoCommit(false);
            MonthSeed seed = new MonthSeed(c);
            Instant start = Instant.parse("2026-03-09T00:00:00Z");
            for (int m = 0; m < 180; m++) {
                Instant t = start.plusSeconds(60L * m);
                seed.evaluation(SERIES, "ttft_p95", t, m < 5 ? "breach" : "ok", null);
                Slice slice = new Slice(t);
                slice.record(200 + m, 1);
                seed.slice(SERIES, "ttft_ms", slice);
            }
            seed.flush();
            c.commit();
        }
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ReportCommandAccess.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void writesEveryFormatAndVerifiesTheJsonAgainstTheChain() throws Exception {
        Path json = dir.resolve("march.json");
        Run made = run("東京推論", "2026-03", "--format", "json", "--out", json.toString(), "--pg-url", pgUrl, "--tenant", "acme");
        assertThat(made.exit()).as(made.err()).isZero();
        assertThat(made.err()).contains("stored revision 1").contains("sha256 ");
        assertThat(Files.readString(json)).contains("\"name\":\"東京推論 株式会社\"").contains("\"time_zone\":\"Asia/Tokyo\"");

        Run verified = run("verify", json.toString(), "--pg-url", pgUrl, "--tenant", "acme");
        assertThat(verified.exit()).as(verified.out() + verified.err()).isZero();
        assertThat(verified.out()).contains("OK: matches stored revision 1").contains("chain of 1 revision(s) intact");

        String text = Files.readString(json);
        String edited = text.replaceFirst("\"judged\":[0-9.]+", "\"judged\":9999");
        assertThat(edited).isNotEqualTo(text);
        Path tampered = dir.resolve("tampered.json");
        Files.writeString(tampered, edited);
        Run refused = run("verify", tampered.toString(), "--pg-url", pgUrl, "--tenant", "acme");
        assertThat(refused.exit()).isOne();
        assertThat(refused.out()).contains("MISMATCH").contains("the file was changed");

        Path pdf = dir.resolve("march.pdf");
        assertThat(run("東京推論", "2026-03", "--out", pdf.toString(), "--pg-url", pgUrl, "--tenant", "acme").exit()).isZero();
        assertThat(new String(Files.readAllBytes(pdf), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        Path csv = dir.resolve("march.csv");
        assertThat(run("東京推論", "2026-03", "--format", "csv", "--out", csv.toString(), "--pg-url", pgUrl, "--tenant", "acme")
                .exit()).isZero();
        assertThat(Files.readString(csv)).startsWith("tenant,contract,").contains("推論-api");
    }

    @Test
    void badArgumentsAreNamed() {
        Run month = run("東京推論", "2026-13", "--pg-url", pgUrl, "--tenant", "acme");
        assertThat(month.exit()).isEqualTo(2);
        assertThat(month.err()).contains("'2026-13'");
        Run format = run("東京推論", "2026-03", "--format", "docx", "--pg-url", pgUrl);
        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.err()).contains("--format must be pdf, csv or json, was 'docx'");
        Run url = run("東京推論", "2026-03", "--pg-url", "mysql://x");
        assertThat(url.exit()).isEqualTo(2);
        assertThat(url.err()).contains("--pg-url must be");
        Run unknown = run("nope", "2026-03", "--pg-url", pgUrl, "--tenant", "acme");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no contract 'nope'");
    }
}
