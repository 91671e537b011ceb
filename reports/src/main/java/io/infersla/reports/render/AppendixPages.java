package io.infersla.reports.render;

import static io.infersla.reports.render.Table.col;

import java.awt.Color;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The detail after the objectives: results per series, breach episodes and maintenance windows (tables
 * that may run over many pages), then how the figures are computed and how to verify the report.
 */
final class AppendixPages {

  private AppendixPages() {}

  static void draw(PageFlow flow, ReportDocument doc, String sha256) {
    series(flow, doc);
    episodes(flow, doc);
    maintenance(flow, doc);
    methodology(flow, doc);
    verification(flow, doc, sha256);
  }

  private static void series(PageFlow flow, ReportDocument doc) {
    flow.heading("Results per series", 3 * Table.ROW);
    Table t = Table.of(col("Service / model", 139).wrap(), col("Env", 40), col("Objective", 110).wrap(),
        col("Attainment", 60).right(), col("Verdict", 54), col("Breach min", 42).right(),
        col("Episodes", 50).right());
    for (ReportDocument.Series s : doc.series()) {
      ReportDocument.Figures f = s.figures();
      t.row(List.of(Table.Cell.of(serviceModel(s)), Table.Cell.of(s.environment()),
          Table.Cell.of(f.category() + " / " + f.objective()), Table.Cell.of(Display.attainment(f.attainment())),
          new Table.Cell(Display.verdict(f.verdict()), "missed".equals(f.verdict()) ? Table.BAD : PageFlow.INK,
              "missed".equals(f.verdict())),
          Table.Cell.of(Display.number(f.breachMinutes())), Table.Cell.of(Integer.toString(s.episodes().size()))));
    }
    if (t.isEmpty()) {
      flow.paragraph(flow.fonts().regular(), 9.5f, PageFlow.INK, 0, "No series reported data this month.");
    } else {
      t.draw(flow);
    }
  }

  private static void episodes(PageFlow flow, ReportDocument doc) {
    ZoneId zone = doc.contract().timeZone();
    flow.heading("Breach episodes", 4 * Table.ROW);
    Table t = Table.of(col("Series (service / model)", 117).wrap(), col("Objective", 100).wrap(),
        col("Opened", 64), col("Resolved", 64), col("Severity", 46), col("Peak", 58).right(),
        col("Minutes", 46).right());
    int count = 0;
    for (ReportDocument.Series s : doc.series()) {
      ReportDocument.Figures f = s.figures();
      for (ReportDocument.Episode e : s.episodes()) {
        count++;
        Color severity = "critical".equals(e.severity()) ? Table.BAD : PageFlow.INK;
        t.row(List.of(Table.Cell.of(serviceModel(s)), Table.Cell.of(f.category() + " / " + f.objective()),
            Table.Cell.of(Display.dayTime(e.openedAt(), zone)),
            Table.Cell.of(e.resolvedAt() == null ? "open" : Display.dayTime(e.resolvedAt(), zone)),
            new Table.Cell(e.severity(), severity, false),
            Table.Cell.of(Display.withUnit(e.peakValue(), f.unit())),
            Table.Cell.of(Display.number(e.minutesInMonth()))));
      }
    }
    if (t.isEmpty()) {
      flow.paragraph(flow.fonts().regular(), 9.5f, PageFlow.INK, 0, "No breach episodes this month.");
      return;
    }
    flow.paragraph(flow.fonts().regular(), 8.5f, PageFlow.MUTED, 0, count + (count == 1 ? " episode" : " episodes")
        + "; times are local (" + zone.getId() + "). An episode still open, or open across the start or the "
        + "end of the month, counts only its minutes within the month.");
    flow.down(4);
    t.draw(flow);
  }

  private static void maintenance(PageFlow flow, ReportDocument doc) {
    ZoneId zone = doc.contract().timeZone();
    flow.heading("Maintenance windows", 3 * Table.ROW);
    Table t = Table.of(col("#", 28).right(), col("Applies to", 130).wrap(), col("Starts", 64), col("Ends", 64),
        col("Reason", 163).wrap(), col("Minutes", 46).right());
    for (ReportDocument.Maintenance m : doc.maintenance()) {
      t.row(m.id() == null ? Display.NONE : Display.plain(m.id()), scope(m), Display.dayTime(m.startsAt(), zone),
          Display.dayTime(m.endsAt(), zone), m.reason(), Display.number(m.minutesInMonth()));
    }
    if (t.isEmpty()) {
      flow.paragraph(flow.fonts().regular(), 9.5f, PageFlow.INK, 0, "No maintenance windows this month.");
      return;
    }
    flow.paragraph(flow.fonts().regular(), 8.5f, PageFlow.MUTED, 0,
        "Evaluations inside a maintenance window are excused: they are neither compliant nor in breach.");
    flow.down(4);
    t.draw(flow);
  }

  private static void methodology(PageFlow flow, ReportDocument doc) {
    ReportDocument.Methodology m = doc.methodology();
    String resolution = m.evaluationResolutionSeconds() == null ? "60" : Display.plain(m.evaluationResolutionSeconds());
    String accuracy = m.sketchRelativeAccuracy() == null ? "1 %" : Display.percentOf(m.sketchRelativeAccuracy());
    Typeface regular = flow.fonts().regular();
    flow.heading("Methodology", 60);
    List<String> points = new ArrayList<>();
    points.add("Attainment is time-weighted. Each stored evaluation of an objective holds its status (ok, "
        + "warning, breach, insufficient data) until the next evaluation, for at most the evaluation resolution of "
        + resolution + " s; longer gaps count as \"not covered\".");
    points.add("Judged time is ok + warning + breach time; warnings count as compliant. Attainment is compliant "
        + "time divided by judged time.");
    points.add("Excused time (inside a maintenance window) and time with insufficient data are not judged: "
        + "they count neither for nor against the objective.");
    points.add("Monthly percentiles (p50, p95, p99 and the month's value of the objective's statistic) come from "
        + "merging the per-minute DDSketch quantile sketches of the whole month (relative accuracy " + accuracy
        + "), not from averaging per-minute percentiles.");
    points.add("Breach minutes are the union of the breach episodes' durations, clipped to the month, so "
        + "overlapping episodes are not counted twice.");
    points.add("Each objective whose attainment is below its contracted attainment is missed and earns the credit of "
        + "the lowest tier its attainment falls below; the contract's credit combines them by its policy (worst or "
        + "sum), as stated in the summary.");
    points.add("Report-only objectives are measured and shown, but have no target, no verdict and no credit.");
    points.add("Percentages of attainment are truncated to three decimals, never rounded up, so a missed "
        + "objective cannot show its contracted figure.");
    for (String p : points) {
      flow.bullet(regular, 9, p);
      flow.down(2);
    }
  }

  private static void verification(PageFlow flow, ReportDocument doc, String sha256) {
    Typeface regular = flow.fonts().regular();
    Typeface mono = flow.fonts().mono();
    flow.heading("How to verify this report", 80);
    flow.paragraph(regular, 9, PageFlow.INK, 0, "This PDF is rendered from a JSON document, the report of record. "
        + "The SHA-256 of that document's exact bytes is:");
    flow.down(3);
    flow.paragraph(mono, 9, PageFlow.INK, 10, sha256);
    flow.down(3);
    flow.paragraph(regular, 9, PageFlow.INK, 0, "To check a copy of the JSON document (report.json), compute its hash "
        + "and compare it with the one above, or let InferSLA check the hash and the revision chain:");
    flow.down(3);
    flow.paragraph(mono, 9, PageFlow.INK, 10, "sha256sum report.json");
    flow.paragraph(mono, 9, PageFlow.INK, 10, "./infersla report verify report.json");
    flow.down(3);
    String previous = doc.revision().previousSha256();
    flow.paragraph(regular, 9, PageFlow.INK, 0, "Each revision records the SHA-256 of the revision before it, so the "
        + "revisions of a month form a chain: a revision cannot be changed or removed without breaking the hash "
        + "recorded by the next one. "
        + (previous == null ? "This is the first revision of the month." : "The previous revision of this report is:"));
    if (previous != null) {
      flow.down(3);
      flow.paragraph(mono, 9, PageFlow.INK, 10, previous);
    }
  }

  static String serviceModel(ReportDocument.Series s) {
    String service = s.service() == null ? Display.NONE : s.service();
    return s.model() == null ? service : service + " / " + s.model();
  }

  private static String scope(ReportDocument.Maintenance m) {
    List<String> parts = new ArrayList<>();
    if (m.service() != null) {
      parts.add("service " + m.service());
    }
    if (m.category() != null) {
      parts.add("category " + m.category());
    }
    if (m.model() != null) {
      parts.add("model " + m.model());
    }
    return parts.isEmpty() ? "all series" : String.join(", ", parts);
  }
}
