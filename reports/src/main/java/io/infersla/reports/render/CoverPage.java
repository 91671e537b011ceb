package io.infersla.reports.render;

import static io.infersla.reports.render.Table.col;

import java.awt.Color;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The first page: what the report is about (contract, period, revision and its status, the hashes
 * that identify it) and its outcome (the summary table and the contract's verdict and credit).
 */
final class CoverPage {

  private static final Color PROVISIONAL = new Color(0xc2, 0x6a, 0x00);
  private static final Color FINAL = new Color(0x1e, 0x7b, 0x3a);
  private static final Color CORRECTION = new Color(0x6b, 0x2f, 0x9a);
  private static final float LABEL_WIDTH = 118;

  private CoverPage() {}

  static void draw(PageFlow flow, ReportDocument doc, String sha256) {
    Typeface.Family fonts = flow.fonts();
    ReportDocument.Contract c = doc.contract();
    flow.newPage();
    flow.down(22);
    flow.text(fonts.bold(), 22, PageFlow.ACCENT, PageFlow.LEFT, flow.y(), "SLA compliance report");
    flow.down(8);
    String name = c.name() == null ? c.contract() : c.name();
    for (String line : fonts.bold().wrap(name, 16, PageFlow.WIDTH)) {
      flow.down(20);
      flow.text(fonts.bold(), 16, PageFlow.INK, PageFlow.LEFT, flow.y(), line);
    }
    flow.paragraph(fonts.regular(), 10, PageFlow.MUTED, 0,
        "contract " + c.contract() + " · tenant " + c.tenant() + " · " + Display.month(doc.period().month()));
    flow.down(12);
    badges(flow, doc.revision());
    flow.down(8);

    ReportDocument.Revision r = doc.revision();
    field(flow, "Period", period(doc));
    if (r.provisional() && doc.period().dataThrough() != null) {
      field(flow, "Data through", Display.dateTime(doc.period().dataThrough(), c.timeZone()) + " local");
    }
    field(flow, "Revision", (r.number() == null ? Display.NONE : Display.plain(r.number())) + " ("
        + (r.status() == null ? "status unknown" : r.status()) + (r.correction() ? ", correction" : "") + ")");
    field(flow, "Generated at", Display.utc(r.generatedAt()));
    mono(flow, "Report SHA-256", sha256);
    mono(flow, "Previous revision", r.previousSha256() == null ? "none (first revision)" : r.previousSha256());
    // A provisional month changes with every regeneration while data arrives: its list of changes
    // belongs in the JSON, not on the customer's cover. A final revision says what it settled.
    boolean provisional = "provisional".equals(r.status()) && !r.correction();
    if (provisional && !r.changes().isEmpty()) {
      flow.down(6);
      flow.paragraph(fonts.regular(), 9, PageFlow.INK, 0, "Figures updated since revision "
          + (r.number() == null ? "?" : Display.plain(r.number().subtract(java.math.BigDecimal.ONE)))
          + "; the JSON report lists every change (revision.changes).");
    } else if (r.correction() || !r.changes().isEmpty()) {
      flow.down(6);
      flow.paragraph(fonts.bold(), 9.5f, PageFlow.INK, 0, "Changes in this revision");
      if (r.changes().isEmpty()) {
        flow.bullet(fonts.regular(), 9, "(none listed)");
      }
      for (String change : r.changes()) {
        flow.bullet(fonts.regular(), 9, change);
      }
    }

    summary(flow, doc);
  }

  /** "March 2026 (Europe/Paris, 2026-03-01 00:00 to 2026-04-01 00:00 local, 743 hours)". */
  static String period(ReportDocument doc) {
    ReportDocument.Period p = doc.period();
    ZoneId zone = doc.contract().timeZone();
    return Display.month(p.month()) + " (" + zone.getId() + ", " + Display.dateTime(p.start(), zone) + " to "
        + Display.dateTime(p.end(), zone) + " local, "
        + (p.hours() == null ? Display.NONE : Display.plain(p.hours())) + " hours)";
  }

  private static void badges(PageFlow flow, ReportDocument.Revision r) {
    List<String> labels = new ArrayList<>();
    List<Color> colors = new ArrayList<>();
    if (r.provisional()) {
      labels.add("PROVISIONAL");
      colors.add(PROVISIONAL);
    } else if ("final".equals(r.status())) {
      labels.add("FINAL");
      colors.add(FINAL);
    }
    if (r.correction()) {
      labels.add("CORRECTION");
      colors.add(CORRECTION);
    }
    if (labels.isEmpty()) {
      return;
    }
    Typeface bold = flow.fonts().bold();
    float size = 12;
    float height = 22;
    flow.need(height);
    float x = PageFlow.LEFT;
    for (int i = 0; i < labels.size(); i++) {
      float w = bold.width(labels.get(i), size) + 20;
      flow.fill(colors.get(i), x, flow.y() - height, w, height);
      flow.text(bold, size, Color.WHITE, x + 10, flow.y() - height + 6.5f, labels.get(i));
      x += w + 8;
    }
    flow.down(height);
    if (r.provisional()) {
      flow.down(4);
      flow.paragraph(flow.fonts().regular(), 9, PROVISIONAL, 0,
          "Provisional: the month is not complete or its data is not final yet. Figures may change in a "
              + "later revision; only a final revision settles credits.");
    }
  }

  private static void field(PageFlow flow, String label, String value) {
    Typeface regular = flow.fonts().regular();
    List<String> lines = regular.wrap(value, 9.5f, PageFlow.WIDTH - LABEL_WIDTH);
    for (int i = 0; i < lines.size(); i++) {
      flow.need(14);
      flow.down(14);
      if (i == 0) {
        flow.text(flow.fonts().bold(), 9.5f, PageFlow.MUTED, PageFlow.LEFT, flow.y() + 3, label);
      }
      flow.text(regular, 9.5f, PageFlow.INK, PageFlow.LEFT + LABEL_WIDTH, flow.y() + 3, lines.get(i));
    }
  }

  private static void mono(PageFlow flow, String label, String value) {
    Typeface mono = flow.fonts().mono();
    List<String> lines = mono.wrap(value == null ? Display.NONE : value, 8.5f, PageFlow.WIDTH - LABEL_WIDTH);
    for (int i = 0; i < lines.size(); i++) {
      flow.need(14);
      flow.down(14);
      if (i == 0) {
        flow.text(flow.fonts().bold(), 9.5f, PageFlow.MUTED, PageFlow.LEFT, flow.y() + 3, label);
      }
      flow.text(mono, 8.5f, PageFlow.INK, PageFlow.LEFT + LABEL_WIDTH, flow.y() + 3, lines.get(i));
    }
  }

  private static void summary(PageFlow flow, ReportDocument doc) {
    flow.heading("Summary", 3 * Table.ROW);
    Table table = Table.of(col("Objective", 121).wrap(), col("Target", 62).right(), col("Limit", 62).right(),
        col("Attainment", 60).right(), col("Contracted", 58).right(), col("Verdict", 54),
        col("Breach min", 42).right(), col("Credit", 36).right());
    for (ReportDocument.Objective o : doc.objectives()) {
      ReportDocument.Figures f = o.figures();
      Color verdictColor = "missed".equals(f.verdict()) ? Table.BAD
          : "met".equals(f.verdict()) ? Table.GOOD : PageFlow.MUTED;
      table.row(List.of(
          Table.Cell.of(f.category() + " / " + f.objective()),
          Table.Cell.of(Display.threshold(f.direction(), f.target(), f.unit())),
          Table.Cell.of(Display.threshold(f.direction(), f.limit(), f.unit())),
          Table.Cell.of(f.attainment() == null && "report_only".equals(f.verdict()) ? Display.NONE
              : Display.attainment(f.attainment())),
          Table.Cell.of("report_only".equals(f.verdict()) ? Display.NONE : Display.percentOf(f.contractedAttainment())),
          new Table.Cell(Display.verdict(f.verdict()), verdictColor, "missed".equals(f.verdict())),
          Table.Cell.of(Display.number(f.breachMinutes())),
          Table.Cell.of(Display.percent(f.creditPercent()))));
    }
    if (table.isEmpty()) {
      flow.paragraph(flow.fonts().regular(), 9.5f, PageFlow.INK, 0, "The contract has no objectives this month.");
    } else {
      table.draw(flow);
    }
    flow.down(6);
    flow.paragraph(flow.fonts().bold(), 10.5f, PageFlow.INK, 0, verdictLine(doc));
    flow.paragraph(flow.fonts().regular(), 9, PageFlow.MUTED, 0, policyLine(doc.terms()));
  }

  /** "2 met, 1 missed, 1 report only: service credit 10 % (1,200.00 EUR)." */
  static String verdictLine(ReportDocument doc) {
    ReportDocument.Summary s = doc.summary();
    StringBuilder b = new StringBuilder();
    b.append(count(s.objectivesMet())).append(" met, ").append(count(s.objectivesMissed())).append(" missed");
    if (s.objectivesWithoutData() != null && s.objectivesWithoutData().signum() > 0) {
      b.append(", ").append(count(s.objectivesWithoutData())).append(" without data");
    }
    if (s.objectivesReportOnly() != null && s.objectivesReportOnly().signum() > 0) {
      b.append(", ").append(count(s.objectivesReportOnly())).append(" report only");
    }
    b.append(": service credit ").append(Display.percent(s.creditPercent()));
    if (doc.terms().monthlyFee() != null && s.creditAmount() != null) {
      b.append(" (").append(Display.money(s.creditAmount(), doc.terms().currency())).append(" of a monthly fee of ")
          .append(Display.money(doc.terms().monthlyFee(), doc.terms().currency())).append(")");
    }
    return b.append('.').toString();
  }

  static String policyLine(ReportDocument.Terms t) {
    StringBuilder b = new StringBuilder();
    if ("sum".equals(t.creditPolicy())) {
      b.append("Credit policy \"sum\": the credits of all missed objectives are added up.");
    } else if ("worst".equals(t.creditPolicy())) {
      b.append("Credit policy \"worst\": the credit is that of the worst missed objective; credits are not added up.");
    } else {
      b.append("Credit policy: ").append(t.creditPolicy() == null ? "not stated" : t.creditPolicy()).append('.');
    }
    if (!t.creditTiers().isEmpty()) {
      b.append(" Tiers:");
      String sep = " ";
      for (ReportDocument.CreditTier tier : t.creditTiers()) {
        b.append(sep).append("attainment below ").append(Display.percentOf(tier.attainmentBelow()))
            .append(" gives ").append(Display.percent(tier.creditPercent()));
        sep = "; ";
      }
      b.append('.');
    }
    return b.toString();
  }

  private static String count(BigDecimal n) {
    return n == null ? "0" : Display.plain(n);
  }
}
