package io.infersla.reports.render;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A table that paginates: rows are one line each (cells too wide are cut with an ellipsis), the header
 * is repeated on every page the table continues on, and a row never splits across pages.
 *
 * <p>Usage: {@code Table.of(col("Series", 150), col("Peak", 60).right()).row(...).row(...).draw(flow)}.
 */
final class Table {

  static final float SIZE = 8;
  static final float ROW = 14;
  private static final Color ZEBRA = new Color(0xf3, 0xf5, 0xf7);
  private static final Color HEADER = new Color(0xe3, 0xe9, 0xf0);
  static final Color BAD = new Color(0xb4, 0x23, 0x18);
  static final Color GOOD = new Color(0x1e, 0x7b, 0x3a);

  /** A column: its header, width in points, and whether figures align right. */
  record Column(String header, float width, boolean rightAligned) {
    Column right() {
      return new Column(header, width, true);
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
    return new Column(header, width, false);
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
    flow.need(2 * ROW); // never a header alone at the bottom of a page
    header(flow);
    for (int i = 0; i < rows.size(); i++) {
      if (flow.need(ROW)) {
        header(flow);
      }
      float top = flow.y();
      if (i % 2 == 1) {
        flow.fill(ZEBRA, PageFlow.LEFT, top - ROW, width(), ROW);
      }
      cells(flow, rows.get(i), top);
      flow.down(ROW);
    }
    flow.rule(PageFlow.RULE, 0.5f, PageFlow.LEFT, flow.y(), PageFlow.LEFT + width());
  }

  private void header(PageFlow flow) {
    float top = flow.y();
    flow.fill(HEADER, PageFlow.LEFT, top - ROW, width(), ROW);
    List<Cell> cells = new ArrayList<>();
    for (Column c : columns) {
      cells.add(new Cell(c.header(), PageFlow.INK, true));
    }
    cells(flow, cells, top);
    flow.down(ROW);
  }

  private void cells(PageFlow flow, List<Cell> cells, float top) {
    float x = PageFlow.LEFT;
    float baseline = top - ROW + 4.2f;
    for (int i = 0; i < columns.size(); i++) {
      Column col = columns.get(i);
      Cell cell = cells.get(i);
      Typeface face = cell.bold() ? flow.fonts().bold() : flow.fonts().regular();
      float pad = 4;
      String text = face.fit(Objects.requireNonNullElse(cell.text(), Display.NONE), SIZE, col.width() - 2 * pad);
      if (col.rightAligned()) {
        flow.textRight(face, SIZE, cell.color(), x + col.width() - pad, baseline, text);
      } else {
        flow.text(face, SIZE, cell.color(), x + pad, baseline, text);
      }
      x += col.width();
    }
  }

  private float width() {
    float w = 0;
    for (Column c : columns) {
      w += c.width();
    }
    return w;
  }
}
