package io.infersla.reports.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.text.SimpleDateFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.DateTickUnit;
import org.jfree.chart.axis.DateTickUnitType;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The month of one objective as a chart: the daily value of its statistic against its target and limit
 * (dashed lines), breach episodes as red bands and maintenance windows as grey bands. Drawn by JFreeChart
 * into an image at {@value #DPI} dpi with the bundled DejaVu font (a headless JVM may have no fonts), and
 * embedded losslessly.
 */
final class ObjectiveChart {

  static final int DPI = 200;
  /** A 40-minute episode would be a hairline on a month-wide axis: bands are drawn at least this wide. */
  static final int MIN_BAND_HOURS = 6;
  static final Color VALUE = new Color(0x1d, 0x4e, 0x89);
  static final Color TARGET = new Color(0xd9, 0x8c, 0x1f);
  static final Color LIMIT = new Color(0xb4, 0x23, 0x18);
  static final Color EPISODE = new Color(0xe5, 0x48, 0x3a, 70);
  static final Color MAINTENANCE = new Color(0x7f, 0x8c, 0x99, 80);

  /** A time band on the chart. */
  record Band(Instant from, Instant to) {}

  private static volatile Font dejaVu;

  private ObjectiveChart() {}

  /**
   * Draws the chart.
   *
   * @param statistic the legend label of the daily value ("daily p95")
   * @param widthPt width on the page, in points
   * @param heightPt height on the page, in points
   */
  static PDImageXObject render(PDDocument doc, ReportDocument.Objective objective, ZoneId zone,
      Instant start, Instant end, List<Band> episodes, List<Band> maintenance, float widthPt, float heightPt) {
    JFreeChart chart = chart(objective, zone, start, end, episodes, maintenance);
    double scale = DPI / 72.0;
    int w = (int) Math.round(widthPt * scale);
    int h = (int) Math.round(heightPt * scale);
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, h);
      g.scale(scale, scale);
      chart.draw(g, new Rectangle2D.Double(0, 0, widthPt, heightPt));
    } finally {
      g.dispose();
    }
    try {
      return LosslessFactory.createFromImage(doc, image);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JFreeChart chart(ReportDocument.Objective objective, ZoneId zone, Instant start, Instant end,
      List<Band> episodes, List<Band> maintenance) {
    ReportDocument.Figures f = objective.figures();
    String unit = f.unit() == null ? "" : f.unit();
    String valueLabel = "daily " + (f.statistic() == null ? "value" : f.statistic());

    XYSeries daily = new XYSeries(valueLabel, false, true);
    double max = 0;
    double min = 0;
    for (ReportDocument.Day d : objective.daily()) {
      long x = d.date().atTime(12, 0).atZone(zone).toInstant().toEpochMilli();
      BigDecimal v = d.value();
      daily.add(x, v == null ? null : v);
      if (v != null) {
        max = Math.max(max, v.doubleValue());
        min = Math.min(min, v.doubleValue());
      }
    }
    for (BigDecimal threshold : new BigDecimal[] {f.target(), f.limit()}) {
      if (threshold != null) {
        max = Math.max(max, threshold.doubleValue());
        min = Math.min(min, threshold.doubleValue());
      }
    }
    if (max == min) {
      max = min + 1;
    }

    DateAxis time = new DateAxis(null, TimeZone.getTimeZone(zone), Locale.ENGLISH);
    time.setRange(start.toEpochMilli(), end.toEpochMilli());
    SimpleDateFormat dayMonth = new SimpleDateFormat("d MMM", Locale.ENGLISH);
    dayMonth.setTimeZone(TimeZone.getTimeZone(zone));
    time.setTickUnit(new DateTickUnit(DateTickUnitType.DAY, 7, dayMonth));
    time.setTickLabelFont(font(7.5f));
    time.setLowerMargin(0);
    time.setUpperMargin(0);

    NumberAxis values = new NumberAxis(unit.isEmpty() ? null : unit);
    values.setLabelFont(font(7.5f));
    values.setTickLabelFont(font(7.5f));
    values.setRange(min, max + (max - min) * 0.12);
    values.setNumberFormatOverride(java.text.NumberFormat.getNumberInstance(Locale.ENGLISH));

    XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, true);
    line.setSeriesPaint(0, VALUE);
    line.setSeriesStroke(0, new BasicStroke(1.2f));
    line.setSeriesShape(0, new Ellipse2D.Double(-2, -2, 4, 4));

    XYPlot plot = new XYPlot(new XYSeriesCollection(daily), time, values, line);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setOutlinePaint(PageFlow.RULE);
    plot.setDomainGridlinePaint(new Color(0xe6, 0xe9, 0xec));
    plot.setRangeGridlinePaint(new Color(0xe6, 0xe9, 0xec));
    plot.setDomainGridlineStroke(new BasicStroke(0.5f));
    plot.setRangeGridlineStroke(new BasicStroke(0.5f));
    plot.setAxisOffset(RectangleInsets.ZERO_INSETS);

    for (Band b : maintenance) {
      plot.addDomainMarker(band(visible(b, start, end), MAINTENANCE), Layer.BACKGROUND);
    }
    for (Band b : episodes) {
      plot.addDomainMarker(band(visible(b, start, end), EPISODE), Layer.BACKGROUND);
    }
    String sign = "lower".equals(f.direction()) ? "≥ " : "≤ ";
    if (f.target() != null) {
      plot.addRangeMarker(threshold(f.target(), "target " + sign + Display.withUnit(f.target(), f.unit()),
          TARGET), Layer.FOREGROUND);
    }
    if (f.limit() != null) {
      plot.addRangeMarker(threshold(f.limit(), "limit " + sign + Display.withUnit(f.limit(), f.unit()),
          LIMIT), Layer.FOREGROUND);
    }

    LegendItemCollection legend = new LegendItemCollection();
    legend.add(lineItem(valueLabel, VALUE, new BasicStroke(1.2f)));
    if (f.target() != null) {
      legend.add(lineItem("target", TARGET, dashed()));
    }
    if (f.limit() != null) {
      legend.add(lineItem("limit", LIMIT, dashed()));
    }
    legend.add(boxItem("breach episode", EPISODE));
    legend.add(boxItem("maintenance", MAINTENANCE));
    plot.setFixedLegendItems(legend);

    JFreeChart chart = new JFreeChart(null, font(9), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    chart.setTextAntiAlias(true);
    chart.setAntiAlias(true);
    chart.setPadding(new RectangleInsets(2, 2, 2, 6));
    LegendTitle title = chart.getLegend();
    title.setItemFont(font(7.5f));
    title.setPosition(RectangleEdge.BOTTOM);
    title.setFrame(org.jfree.chart.block.BlockBorder.NONE);
    title.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /** The band widened to {@link #MIN_BAND_HOURS} around its middle, kept inside the month. */
  static Band visible(Band b, Instant start, Instant end) {
    java.time.Duration min = java.time.Duration.ofHours(MIN_BAND_HOURS);
    if (java.time.Duration.between(b.from(), b.to()).compareTo(min) >= 0) {
      return b;
    }
    Instant middle = b.from().plus(java.time.Duration.between(b.from(), b.to()).dividedBy(2));
    Instant from = middle.minus(min.dividedBy(2));
    Instant to = from.plus(min);
    if (from.isBefore(start)) {
      from = start;
      to = start.plus(min);
    } else if (to.isAfter(end)) {
      to = end;
      from = end.minus(min);
    }
    return new Band(from, to);
  }

  private static IntervalMarker band(Band b, Color color) {
    IntervalMarker m = new IntervalMarker(b.from().toEpochMilli(), b.to().toEpochMilli());
    m.setPaint(color);
    m.setOutlinePaint(null);
    m.setAlpha(1f);
    return m;
  }

  private static ValueMarker threshold(BigDecimal value, String label, Color color) {
    ValueMarker m = new ValueMarker(value.doubleValue(), color, dashed());
    m.setLabel(label);
    m.setLabelFont(font(7f));
    m.setLabelPaint(color);
    m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    m.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
    m.setLabelOffset(new RectangleInsets(1, 2, 1, 4));
    m.setLabelBackgroundColor(new Color(255, 255, 255, 220));
    return m;
  }

  private static BasicStroke dashed() {
    return new BasicStroke(1.1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 3f}, 0f);
  }

  private static LegendItem lineItem(String label, Color color, BasicStroke stroke) {
    Shape line = new Line2D.Double(-8, 0, 8, 0);
    LegendItem item = new LegendItem(label, null, null, null, false, line, false, color, false, color,
        stroke, true, line, stroke, color);
    item.setLabelFont(font(7.5f));
    return item;
  }

  private static LegendItem boxItem(String label, Color color) {
    LegendItem item = new LegendItem(label, color);
    item.setShape(new Rectangle2D.Double(-5, -5, 10, 10));
    item.setLabelFont(font(7.5f));
    return item;
  }

  /** The bundled DejaVu Sans at the given size: never a logical font, which may not exist headless. */
  static Font font(float size) {
    Font base = dejaVu;
    if (base == null) {
      synchronized (ObjectiveChart.class) {
        if (dejaVu == null) {
          try {
            dejaVu = Font.createFont(Font.TRUETYPE_FONT,
                new ByteArrayInputStream(Typeface.bytes(Typeface.REGULAR)));
          } catch (FontFormatException | IOException e) {
            throw new IllegalStateException("bundled font " + Typeface.REGULAR + " cannot be loaded into AWT", e);
          }
        }
        base = dejaVu;
      }
    }
    return base.deriveFont(size);
  }
}
