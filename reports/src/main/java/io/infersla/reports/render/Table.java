package io.infersla.reports.render;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A table that paginates: the header is repeated on every page the table continues on, and a row never
 * splits across pages. Headers wrap onto a second line; cells take one line and are cut with an ellipsis,
 * except in columns marked {@link Column#wrap()}, which wrap onto up to {@value #MAX_LINES} lines.
 *
 * <p>Usage: {@code Table.of(col("Series", 150).wrap(), col("Peak", 60).right()).row(...).draw(flow)}.
 */
final class Table {

  static final float SIZE = 8;
  static final float ROW = 14;
  static final float LEADING = 10;
  static final int MAX_LINES = 2;
  private static final float PAD = 4;
  private static final Color ZEBRA = new Color(0xf3, 0xf5, 0xf7);
  private static final Color HEADER = new Color(0xe3, 0xe9, 0xf0);
  static final Color BAD = new Color(0xb4, 0x23, 0x18);
  static final Color GOOD = new Color(0x1e, 0x7b, 0x3a);

  /** A column: its header, width in points, and whether figures align right. */
  record Column(String header, float width, boolean rightAligned, boolean wraps) {
    Column right() {
      return new Column(header, width, true, wraps);
    }

    Column wrap() {
      return new Column(header, width, rightAligned, true);
    }
  }

  /** One cell: its text, colour and weight. */
  record Cell(String text, Color color, boolean bold) {
    static Cell of(String text) {
      return new Cell(text, PageFlow.INK, false);
    }
  }

  private final List<Column> columns;
  private final List<List<Cell>> rows = new ArrayList<>();

  private Table(List<Column> columns) {
    this.columns = List.copyOf(columns);
    float total = 0;
    for (Column c : columns) {
      total += c.width();
    }
    if (total > PageFlow.WIDTH + 0.01f) {
      throw new IllegalArgumentException("table columns: must fit " + PageFlow.WIDTH + " pt, were " + total);
    }
  }

  static Column col(String header, float width) {
    return new Column(header, width, false, false);
  }

  static Table of(Column... columns) {
    return new Table(List.of(columns));
  }

  Table row(String... cells) {
    List<Cell> r = new ArrayList<>(cells.length);
    for (String c : cells) {
      r.add(Cell.of(c));
    }
    return row(r);
  }

  Table row(List<Cell> cells) {
    if (cells.size() != columns.size()) {
      throw new IllegalArgumentException("table row: must have " + columns.size() + " cells, had " + cells.size());
    }
    rows.add(List.copyOf(cells));
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Draws the table at the cursor, continuing on new pages (header repeated) as needed. */
  void draw(PageFlow flow) {
    List<Cell> headerCells = new ArrayList<>();
    for (Column c : columns) {
      headerCells.add(new Cell(c.header(), PageFlow.INK, true));
    }
    List<List<String>> header = lines(flow, headerCells, true);
    float headerHeight = height(header);
    List<List<String>> first = rows.isEmpty() ? List.of() : lines(flow, rows.get(0), false);
    flow.need(headerHeight + height(first)); // never a header alone at the bottom of a page
    drawRow(flow, headerCells, header, headerHeight, HEADER);
    for (int i = 0; i < rows.size(); i++) {
      List<List<String>> lines = i == 0 ? first : lines(flow, rows.get(i), false);
      float h = height(lines);
      if (flow.need(h)) {
        drawRow(flow, headerCells, header, headerHeight, HEADER);
      }
      drawRow(flow, rows.get(i), lines, h, i % 2 == 1 ? ZEBRA : null);
    }
    flow.rule(PageFlow.RULE, 0.5f, PageFlow.LEFT, flow.y(), PageFlow.LEFT + width());
  }

  /** The lines each cell of a row takes. */
  private List<List<String>> lines(PageFlow flow, List<Cell> cells, boolean header) {
    List<List<String>> out = new ArrayList<>(cells.size());
    for (int i = 0; i < columns.size(); i++) {
      Column col = columns.get(i);
      Cell cell = cells.get(i);
      Typeface face = face(flow, cell);
      String text = Objects.requireNonNullElse(cell.text(), Display.NONE);
      float max = col.width() - 2 * PAD;
      if (!header && !col.wraps()) {
        out.add(List.of(face.fit(text, SIZE, max)));
        continue;
      }
      List<String> wrapped = face.wrap(text, SIZE, max);
      if (wrapped.size() > MAX_LINES) {
        List<String> cut = new ArrayList<>(wrapped.subList(0, MAX_LINES - 1));
        cut.add(face.fit(String.join(" ", wrapped.subList(MAX_LINES - 1, wrapped.size())), SIZE, max));
        wrapped = cut;
      }
      out.add(wrapped);
    }
    return out;
  }

  private static float height(List<List<String>> lines) {
    int n = 1;
    for (List<String> cell : lines) {
      n = Math.max(n, cell.size());
    }
    return ROW + (n - 1) * LEADING;
  }

  private void drawRow(PageFlow flow, List<Cell> cells, List<List<String>> lines, float height, Color background) {
    float top = flow.y();
    if (background != null) {
      flow.fill(background, PageFlow.LEFT, top - height, width(), height);
    }
    float x = PageFlow.LEFT;
    for (int i = 0; i < columns.size(); i++) {
      Column col = columns.get(i);
      Cell cell = cells.get(i);
      Typeface face = face(flow, cell);
      float baseline = top - ROW + 4.2f;
      for (String line : lines.get(i)) {
        if (col.rightAligned()) {
          flow.textRight(face, SIZE, cell.color(), x + col.width() - PAD, baseline, line);
        } else {
          flow.text(face, SIZE, cell.color(), x + PAD, baseline, line);
        }
        baseline -= LEADING;
      }
      x += col.width();
    }
    flow.down(height);
  }

  private static Typeface face(PageFlow flow, Cell cell) {
    return cell.bold() ? flow.fonts().bold() : flow.fonts().regular();
  }

  private float width() {
    float w = 0;
    for (Column c : columns) {
      w += c.width();
    }
    return w;
  }
}
