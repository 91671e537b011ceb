package io.infersla.reports.render;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Content flowing down A4 pages: a cursor ({@link #y()}) that moves down as things are drawn, and a new
 * page whenever the next block would not fit above the footer. Every drawing call takes the space it
 * needs first ({@link #need}), so nothing runs into the footer or off the page. Footers ("page X of N")
 * are drawn by {@link #finish} once the number of pages is known.
 */
final class PageFlow {

  static final PDRectangle A4 = PDRectangle.A4;
  static final float LEFT = 50;
  static final float RIGHT = A4.getWidth() - 50;
  static final float WIDTH = RIGHT - LEFT;
  static final float TOP = A4.getHeight() - 50;
  static final float BOTTOM = 60;

  static final Color INK = new Color(0x1f, 0x23, 0x28);
  static final Color MUTED = new Color(0x5f, 0x66, 0x6d);
  static final Color RULE = new Color(0xc8, 0xcd, 0xd2);
  static final Color ACCENT = new Color(0x1d, 0x4e, 0x89);

  private final PDDocument doc;
  private final Typeface.Family fonts;
  private PDPageContentStream cs;
  private float y;

  PageFlow(PDDocument doc, Typeface.Family fonts) {
    this.doc = doc;
    this.fonts = fonts;
  }

  Typeface.Family fonts() {
    return fonts;
  }

  PDDocument document() {
    return doc;
  }

  float y() {
    return y;
  }

  void down(float dy) {
    y -= dy;
  }

  /** Starts a new page, the cursor at its top. */
  void newPage() {
    try {
      if (cs != null) {
        cs.close();
      }
      PDPage page = new PDPage(A4);
      doc.addPage(page);
      cs = new PDPageContentStream(doc, page);
      y = TOP;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes sure {@code height} points fit below the cursor, starting a new page if not. */
  boolean need(float height) {
    if (cs == null || y - height < BOTTOM) {
      newPage();
      return true;
    }
    return false;
  }

  boolean atTop() {
    return y == TOP;
  }

  /** Text with its baseline at {@code baseline}; the caller has made room for it. */
  void text(Typeface face, float size, Color color, float x, float baseline, String text) {
    try {
      cs.setNonStrokingColor(color);
      cs.setStrokingColor(color);
      face.show(cs, text, x, baseline, size);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Text right-aligned to {@code right}. */
  void textRight(Typeface face, float size, Color color, float right, float baseline, String text) {
    text(face, size, color, right - face.width(text, size), baseline, text);
  }

  /** A section heading; it starts a new page rather than stand alone at the bottom of one. */
  void heading(String text, float keepWithNext) {
    float size = 14;
    need(size + 10 + keepWithNext);
    if (!atTop()) {
      down(10);
    }
    down(size);
    text(fonts.bold(), size, ACCENT, LEFT, y, fonts.bold().fit(text, size, WIDTH));
    down(8);
  }

  /** A wrapped paragraph; each line takes its own room, so a long paragraph may continue on the next page. */
  void paragraph(Typeface face, float size, Color color, float indent, String text) {
    float leading = size * 1.35f;
    List<String> lines = face.wrap(text, size, WIDTH - indent);
    for (String line : lines) {
      need(leading);
      down(leading);
      text(face, size, color, LEFT + indent, y + (leading - size) * 0.5f, line);
    }
  }

  /** A bulleted paragraph. */
  void bullet(Typeface face, float size, String text) {
    float leading = size * 1.35f;
    List<String> lines = face.wrap(text, size, WIDTH - 14);
    for (int i = 0; i < lines.size(); i++) {
      need(leading);
      down(leading);
      float baseline = y + (leading - size) * 0.5f;
      if (i == 0) {
        text(face, size, INK, LEFT + 3, baseline, "•");
      }
      text(face, size, INK, LEFT + 14, baseline, lines.get(i));
    }
  }

  void fill(Color color, float x, float yBottom, float w, float h) {
    try {
      cs.setNonStrokingColor(color);
      cs.addRect(x, yBottom, w, h);
      cs.fill();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void rule(Color color, float lineWidth, float x1, float yLine, float x2) {
    try {
      cs.setStrokingColor(color);
      cs.setLineWidth(lineWidth);
      cs.moveTo(x1, yLine);
      cs.lineTo(x2, yLine);
      cs.stroke();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void image(PDImageXObject image, float x, float yBottom, float w, float h) {
    try {
      cs.drawImage(image, x, yBottom, w, h);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes the last page and draws the footer on every page: {@code left} text and "page X of N". */
  void finish(String footerLeft) {
    try {
      if (cs != null) {
        cs.close();
        cs = null;
      }
      int pages = doc.getNumberOfPages();
      Typeface face = fonts.regular();
      float size = 7.5f;
      for (int i = 0; i < pages; i++) {
        PDPage page = doc.getPage(i);
        try (PDPageContentStream footer =
            new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND, true, true)) {
          String number = "page " + (i + 1) + " of " + pages;
          float numberWidth = face.width(number, size);
          footer.setStrokingColor(RULE);
          footer.setLineWidth(0.5f);
          footer.moveTo(LEFT, 40);
          footer.lineTo(RIGHT, 40);
          footer.stroke();
          footer.setNonStrokingColor(MUTED);
          face.show(footer, face.fit(footerLeft, size, WIDTH - numberWidth - 20), LEFT, 28, size);
          face.show(footer, number, RIGHT - numberWidth, 28, size);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
