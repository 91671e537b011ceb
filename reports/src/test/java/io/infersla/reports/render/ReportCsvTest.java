package io.infersla.reports.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportCsvTest {

  private static final byte[] MUELLER = Fixtures.load(Fixtures.MUELLER);

  @Test
  void writesTheHeaderThenOneRowPerSeriesWithCrlfLineEnds() {
    String csv = new String(ReportCsv.render(MUELLER), StandardCharsets.UTF_8);

    assertThat(csv).endsWith("\r\n");
    assertThat(csv.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
    List<String> lines = List.of(csv.split("\r\n"));
    assertThat(lines).hasSize(1 + 4);
    assertThat(lines.get(0)).isEqualTo(String.join(",", ReportCsv.COLUMNS));
    assertThat(lines.get(0)).startsWith("tenant,contract,month,time_zone,revision,status,service,")
        .endsWith(",request_count,mean,p50,p95,p99,value,within_limit_share");
    for (String line : lines.subList(1, lines.size())) {
      assertThat(parse(line)).as(line).hasSize(ReportCsv.COLUMNS.size());
    }
  }

  @Test
  void quotesAFieldWithACommaAndAQuoteAndKeepsNonAsciiAsUtf8WithoutBom() {
    byte[] bytes = ReportCsv.render(MUELLER);
    String csv = new String(bytes, StandardCharsets.UTF_8);

    assertThat(bytes[0]).as("no byte order mark").isEqualTo((byte) 't');
    String row = csv.split("\r\n")[1];
    assertThat(row).startsWith("acme,müller-prod,2026-03,Europe/Paris,2,final,chat-api,prod,"
        + "\"Llama 3 70B \"\"Instruct\"\", FP8\",chatbot,gpu,ttft_p95,");
    assertThat(parse(row).get(column("model"))).isEqualTo("Llama 3 70B \"Instruct\", FP8");
    assertThat(csv.getBytes(StandardCharsets.UTF_8)).isEqualTo(bytes);
    assertThat(csv).contains("müller-prod").doesNotContain("m\\u00fcller");
  }

  @Test
  void writesNumbersExactlyAsTheJsonHasThemAndNullsAsEmptyFields() {
    String csv = new String(ReportCsv.render(MUELLER), StandardCharsets.UTF_8);
    String[] lines = csv.split("\r\n");
    List<String> ttft = parse(lines[1]);
    List<String> reportOnly = parse(lines[4]);

    assertThat(ttft.get(column("attainment"))).isEqualTo("0.99412");
    assertThat(ttft.get(column("contracted_attainment"))).isEqualTo("0.995");
    assertThat(ttft.get(column("compliant_minutes"))).isEqualTo("44316.9");
    assertThat(ttft.get(column("breach_status_minutes"))).isEqualTo("203.1");
    assertThat(ttft.get(column("request_count"))).isEqualTo("823411");
    assertThat(ttft.get(column("p50"))).isEqualTo("190.2");
    assertThat(ttft.get(column("within_limit_share"))).isEqualTo("0.9987");
    assertThat(ttft.get(column("episodes"))).isEqualTo("1");
    assertThat(ttft.get(column("target"))).isEqualTo("400");

    assertThat(reportOnly.get(column("verdict"))).isEqualTo("report_only");
    assertThat(reportOnly.get(column("target"))).isEmpty();
    assertThat(reportOnly.get(column("limit"))).isEmpty();
    assertThat(reportOnly.get(column("contracted_attainment"))).isEmpty();
    assertThat(reportOnly.get(column("within_limit_share"))).isEmpty();
    assertThat(lines[4]).endsWith(",42.17,");
  }

  @Test
  void neverWritesAnExponent() {
    String json = new String(MUELLER, StandardCharsets.UTF_8).replace("\"mean\":215.2", "\"mean\":2.152E-5");
    List<String> row = parse(new String(ReportCsv.render(json.getBytes(StandardCharsets.UTF_8)),
        StandardCharsets.UTF_8).split("\r\n")[1]);

    assertThat(row.get(column("mean"))).isEqualTo("0.00002152");
  }

  @Test
  void quotesOnlyWhatRfc4180Requires() {
    assertThat(field("plain")).isEqualTo("plain");
    assertThat(field("a,b")).isEqualTo("\"a,b\"");
    assertThat(field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(field("two\r\nlines")).isEqualTo("\"two\r\nlines\"");
    assertThat(field("one\nline")).isEqualTo("\"one\nline\"");
    assertThat(field(null)).isEmpty();
    assertThat(field("東京推論")).isEqualTo("東京推論");
  }

  @Test
  void givesTheSameBytesForTheSameDocument() {
    assertThat(ReportCsv.render(MUELLER)).isEqualTo(ReportCsv.render(MUELLER.clone()));
  }

  @Test
  void rejectsADocumentOfAnotherSchemaNamingTheField() {
    byte[] other = new String(MUELLER, StandardCharsets.UTF_8)
        .replace("infersla.compliance-report/1", "infersla.something-else/9").getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ReportCsv.render(other)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schema").hasMessageContaining("infersla.something-else/9");
    byte[] noStart = new String(MUELLER, StandardCharsets.UTF_8).replace("\"start\":\"2026-02-28T23:00:00Z\"",
        "\"start\":null").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ReportCsv.render(noStart)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("period.start: required, was missing or null");
    assertThatThrownBy(() -> ReportCsv.render("{\"schema\":".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("report: not a JSON document");
  }

  private static int column(String name) {
    int i = ReportCsv.COLUMNS.indexOf(name);
    assertThat(i).as("column " + name).isNotNegative();
    return i;
  }

  private static String field(String value) {
    StringBuilder b = new StringBuilder();
    ReportCsv.appendField(b, value);
    return b.toString();
  }

  /** A minimal RFC 4180 reader for one record, independent of the writer under test. */
  private static List<String> parse(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          f.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(f.toString());
        f.setLength(0);
      } else {
        f.append(c);
      }
    }
    fields.add(f.toString());
    return fields;
  }
}
