package io.infersla.reports.render;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A compliance report as CSV: a header row, then one row per series and objective (the document's
 * {@code series[]}), in the document's order.
 *
 * <p>RFC 4180: CRLF line ends; a field containing a comma, a double quote, CR or LF is quoted, with its
 * quotes doubled. UTF-8 without a byte order mark. Numbers are written exactly as the JSON document has
 * them (as plain decimals, never in exponent form); nulls are empty fields. Being a function of the
 * document alone, the same document always gives the same bytes.
 */
public final class ReportCsv {

  /** The header row, in column order. */
  public static final List<String> COLUMNS = List.of(
      "tenant", "contract", "month", "time_zone", "revision", "status",
      "service", "environment", "model", "category", "hardware",
      "objective", "metric", "unit", "statistic", "window_seconds", "direction", "target", "limit",
      "contracted_attainment", "attainment", "verdict", "credit_percent",
      "judged_minutes", "compliant_minutes", "breach_status_minutes", "excused_minutes",
      "insufficient_data_minutes", "reported_minutes", "not_covered_minutes", "breach_minutes",
      "episodes", "request_unit", "request_count", "mean", "p50", "p95", "p99", "value", "within_limit_share");

  private static final String CRLF = "\r\n";

  private ReportCsv() {}

  /**
   * Renders the report document as CSV.
   *
   * @param reportJson the report's canonical JSON document (UTF-8)
   * @return the CSV, UTF-8 without BOM
   * @throws IllegalArgumentException if the document cannot be read; the message names the field
   */
  public static byte[] render(byte[] reportJson) {
    ReportDocument doc = ReportDocument.parse(reportJson);
    StringBuilder out = new StringBuilder(256 * (doc.series().size() + 1));
    appendRow(out, COLUMNS);
    for (ReportDocument.Series s : doc.series()) {
      appendRow(out, row(doc, s));
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> row(ReportDocument doc, ReportDocument.Series s) {
    ReportDocument.Figures f = s.figures();
    ReportDocument.Minutes m = f.minutes();
    ReportDocument.Requests q = f.requests();
    List<String> r = new ArrayList<>(COLUMNS.size());
    r.add(doc.contract().tenant());
    r.add(doc.contract().contract());
    r.add(doc.period().month().toString());
    r.add(doc.contract().timeZone().getId());
    r.add(number(doc.revision().number()));
    r.add(doc.revision().status());
    r.add(s.service());
    r.add(s.environment());
    r.add(s.model());
    r.add(f.category());
    r.add(s.hardware());
    r.add(f.objective());
    r.add(f.metric());
    r.add(f.unit());
    r.add(f.statistic());
    r.add(number(f.windowSeconds()));
    r.add(f.direction());
    r.add(number(f.target()));
    r.add(number(f.limit()));
    r.add(number(f.contractedAttainment()));
    r.add(number(f.attainment()));
    r.add(f.verdict());
    r.add(number(f.creditPercent()));
    r.add(number(m.judged()));
    r.add(number(m.compliant()));
    r.add(number(m.breach()));
    r.add(number(m.excused()));
    r.add(number(m.insufficientData()));
    r.add(number(m.reported()));
    r.add(number(m.notCovered()));
    r.add(number(f.breachMinutes()));
    r.add(Integer.toString(s.episodes().size()));
    r.add(q.unit());
    r.add(number(q.count()));
    r.add(number(q.mean()));
    r.add(number(q.p50()));
    r.add(number(q.p95()));
    r.add(number(q.p99()));
    r.add(number(q.value()));
    r.add(number(q.withinLimitShare()));
    return r;
  }

  private static String number(BigDecimal n) {
    return n == null ? null : n.toPlainString();
  }

  private static void appendRow(StringBuilder out, List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      appendField(out, fields.get(i));
    }
    out.append(CRLF);
  }

  /** Quotes a field only when RFC 4180 requires it: it contains a comma, a double quote, CR or LF. */
  static void appendField(StringBuilder out, String field) {
    if (field == null) {
      return;
    }
    boolean quote = field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\r') >= 0
        || field.indexOf('\n') >= 0;
    if (!quote) {
      out.append(field);
      return;
    }
    out.append('"').append(field.replace("\"", "\"\"")).append('"');
  }
}
