package io.infersla.reports.render;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One section per objective roll-up: a heading, a line saying what is measured and how it went, the
 * month's chart and the objective's figures. Sections are kept whole on a page.
 */
final class ObjectivePages {

  static final float CHART_HEIGHT = 180;
  private static final float FIGURE_ROW = 13;
  private static final float FIGURE_SIZE = 8.5f;

  private ObjectivePages() {}

  static void draw(PageFlow flow, ReportDocument doc) {
    boolean first = true;
    for (ReportDocument.Objective o : doc.objectives()) {
      // heading, two lines of text (one more if the first wraps), chart, caption, figures: two fit a page
      float height = 32 + 3 * 13 + 6 + CHART_HEIGHT + 14 + 6 * FIGURE_ROW + 10;
      if (first) {
        flow.newPage(); // the objectives start on their own page, after the cover
        first = false;
      } else {
        flow.need(height);
      }
      section(flow, doc, o);
    }
  }

  private static void section(PageFlow flow, ReportDocument doc, ReportDocument.Objective o) {
    ReportDocument.Figures f = o.figures();
    Typeface.Family fonts = flow.fonts();
    flow.heading(f.category() + " / " + f.objective(), CHART_HEIGHT);
    flow.paragraph(fonts.regular(), 9, PageFlow.MUTED, 0, measured(o));
    flow.paragraph(fonts.bold(), 9.5f, "missed".equals(f.verdict()) ? Table.BAD : PageFlow.INK, 0, outcome(f));
    flow.down(6);

    List<ObjectiveChart.Band> episodes = new ArrayList<>();
    Instant start = doc.period().start();
    Instant end = doc.period().end();
    for (ReportDocument.Series s : doc.series()) {
      if (!Objects.equals(s.figures().category(), f.category()) || !Objects.equals(s.figures().objective(), f.objective())) {
        continue;
      }
      for (ReportDocument.Episode e : s.episodes()) {
        Instant to = e.resolvedAt() == null ? end : e.resolvedAt();
        clip(episodes, e.openedAt(), to, start, end);
      }
    }
    List<ObjectiveChart.Band> maintenance = new ArrayList<>();
    for (ReportDocument.Maintenance m : doc.maintenance()) {
      if (m.applies(f.category())) {
        clip(maintenance, m.startsAt(), m.endsAt(), start, end);
      }
    }
    flow.need(CHART_HEIGHT);
    var image = ObjectiveChart.render(flow.document(), o, doc.contract().timeZone(), start, end, episodes,
        maintenance, PageFlow.WIDTH, CHART_HEIGHT);
    flow.image(image, PageFlow.LEFT, flow.y() - CHART_HEIGHT, PageFlow.WIDTH, CHART_HEIGHT);
    flow.down(CHART_HEIGHT + 2);
    flow.paragraph(fonts.regular(), 7.5f, PageFlow.MUTED, 0, "Days are local (" + doc.contract().timeZone().getId()
        + "). Episodes and maintenance windows shorter than " + ObjectiveChart.MIN_BAND_HOURS + " hours are drawn "
        + ObjectiveChart.MIN_BAND_HOURS + " hours wide to stay visible.");
    flow.down(2);
    figures(flow, f);
    flow.down(10);
  }

  /** "p95 of ttft over 300 s windows, across 3 series; each point is one local day." */
  static String measured(ReportDocument.Objective o) {
    ReportDocument.Figures f = o.figures();
    StringBuilder b = new StringBuilder();
    b.append(f.statistic() == null ? "value" : f.statistic()).append(" of ").append(f.metric());
    if (f.windowSeconds() != null) {
      b.append(" over ").append(Display.plain(f.windowSeconds())).append(" s windows");
    }
    if (o.series() != null) {
      b.append(", across ").append(Display.plain(o.series())).append(" series");
    }
    return b.append("; each point of the chart is one local day.").toString();
  }

  static String outcome(ReportDocument.Figures f) {
    if ("report_only".equals(f.verdict())) {
      return "Report only: measured and shown, with no verdict and no credit"
          + (f.attainment() == null ? "." : "; attainment " + Display.attainment(f.attainment()) + ".");
    }
    String s = "Verdict " + Display.verdict(f.verdict()) + ": attainment " + Display.attainment(f.attainment())
        + " against " + Display.percentOf(f.contractedAttainment()) + " contracted";
    if (f.creditPercent() != null && f.creditPercent().signum() > 0) {
      s += ", credit " + Display.percent(f.creditPercent());
    }
    return s + ".";
  }

  private static void clip(List<ObjectiveChart.Band> out, Instant from, Instant to, Instant start, Instant end) {
    if (from == null || to == null || start == null || end == null) {
      return;
    }
    Instant a = from.isBefore(start) ? start : from;
    Instant b = to.isAfter(end) ? end : to;
    if (a.isBefore(b)) {
      out.add(new ObjectiveChart.Band(a, b));
    }
  }

  /** The figures as two columns of label and value: requests on the left, minutes on the right. */
  private static void figures(PageFlow flow, ReportDocument.Figures f) {
    ReportDocument.Requests q = f.requests();
    ReportDocument.Minutes m = f.minutes();
    String u = f.unit();
    // A request's own values (a number of tokens) may have another unit than the objective's statistic (tokens/s).
    String perRequest = q.unit() == null ? u : q.unit();
    String[][] cells = {
        {"Requests", Display.number(q.count()), "Minutes judged", Display.number(m.judged())},
        {"Mean", Display.withUnit(q.mean(), perRequest), "Minutes compliant", Display.number(m.compliant())},
        {"p50 / p95 / p99", Display.number(q.p50()) + " / " + Display.number(q.p95()) + " / "
            + Display.withUnit(q.p99(), perRequest), "Minutes in breach status", Display.number(m.breach())},
        {"Month " + (f.statistic() == null ? "value" : f.statistic()), Display.withUnit(q.value(), u),
            "Minutes excused", Display.number(m.excused())},
        {"Within limit", q.withinLimitShare() == null ? Display.NONE
            : Display.attainment(q.withinLimitShare()) + " of requests",
            "Minutes insufficient data", Display.number(m.insufficientData())},
        {"Breach minutes", Display.number(f.breachMinutes()) + " (episodes)",
            "Minutes not covered", Display.number(m.notCovered())},
    };
    Typeface regular = flow.fonts().regular();
    Typeface bold = flow.fonts().bold();
    float half = PageFlow.WIDTH / 2;
    float[] labelWidths = {88, 150};
    for (String[] row : cells) {
      flow.need(FIGURE_ROW);
      flow.down(FIGURE_ROW);
      float baseline = flow.y() + 3;
      for (int side = 0; side < 2; side++) {
        float x = PageFlow.LEFT + side * half;
        float lw = labelWidths[side];
        flow.text(bold, FIGURE_SIZE, PageFlow.MUTED, x, baseline, bold.fit(row[side * 2], FIGURE_SIZE, lw - 4));
        if (side == 0) {
          flow.text(regular, FIGURE_SIZE, PageFlow.INK, x + lw, baseline,
              regular.fit(row[1], FIGURE_SIZE, half - lw - 8));
        } else { // figures of minutes align right, like a column of numbers
          flow.textRight(regular, FIGURE_SIZE, PageFlow.INK, PageFlow.RIGHT - 30, baseline,
              regular.fit(row[3], FIGURE_SIZE, half - lw - 34));
        }
      }
    }
  }
}
