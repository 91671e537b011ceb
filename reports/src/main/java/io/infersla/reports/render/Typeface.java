package io.infersla.reports.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;

/**
 * A bundled primary font plus a fallback for the code points it lacks (PDFBox has no font fallback of
 * its own). Text is split into runs by which font has the glyph, and each run is shown in its font; a
 * code point neither font has becomes U+FFFD. Both fonts are embedded as subsets, the fallback only if a
 * run needed it, so a Latin-only report does not carry the 3.4 MB CJK font at all. Ligatures are off, so
 * that the text layer (search, copy, screen readers) has the letters as written.
 *
 * <p>One instance belongs to one {@link PDDocument}: fonts are loaded into that document.
 */
final class Typeface {

  static final String FONTS = "/io/infersla/reports/fonts/";
  static final String REGULAR = "DejaVuSans.ttf";
  static final String BOLD = "DejaVuSans-Bold.ttf";
  static final String MONO = "DejaVuSansMono.ttf";
  static final String CJK = "DroidSansFallback.ttf";

  private static final ConcurrentHashMap<String, byte[]> FILES = new ConcurrentHashMap<>();
  private static final String ELLIPSIS = "…";

  /** The fonts of one document: regular, bold and monospace, all falling back to one CJK font. */
  record Family(Typeface regular, Typeface bold, Typeface mono) {
    static Family load(PDDocument doc) {
      Face cjk = new Face(doc, CJK);
      return new Family(new Typeface(new Face(doc, REGULAR), cjk, false),
          new Typeface(new Face(doc, BOLD), cjk, true), new Typeface(new Face(doc, MONO), cjk, false));
    }
  }

  /** One font file, parsed and loaded into the document on first use. */
  private static final class Face {
    private final PDDocument doc;
    private final String file;
    private TrueTypeFont ttf;
    private CmapLookup cmap;
    private PDType0Font pdf;

    Face(PDDocument doc, String file) {
      this.doc = doc;
      this.file = file;
    }

    boolean has(int codePoint) {
      load();
      return cmap.getGlyphId(codePoint) > 0;
    }

    PDType0Font pdf() {
      load();
      return pdf;
    }

    private void load() {
      if (pdf != null) {
        return;
      }
      try {
        ttf = new TTFParser().parse(new RandomAccessReadBuffer(bytes(file)));
        // PDFBox would otherwise apply the font's ligatures (GSUB "liga": fi, fl), and a ligature glyph reads
        // back as U+FB01 or not at all: "final" could no longer be found, copied or read aloud.
        ttf.setEnableGsub(false);
        cmap = ttf.getUnicodeCmapLookup();
        pdf = PDType0Font.load(doc, ttf, true);
      } catch (IOException e) {
        throw new UncheckedIOException("bundled font " + file + " cannot be read", e);
      }
    }
  }

  private record Run(Face face, String text) {}

  private final Face primary;
  private final Face fallback;
  /** The fallback has no bold: in a bold typeface its runs are stroked as well as filled. */
  private final boolean emboldenFallback;

  private Typeface(Face primary, Face fallback, boolean emboldenFallback) {
    this.primary = primary;
    this.fallback = fallback;
    this.emboldenFallback = emboldenFallback;
  }

  /** The bytes of a bundled font file, read once per JVM. */
  static byte[] bytes(String file) {
    return FILES.computeIfAbsent(file, f -> {
      try (InputStream in = Typeface.class.getResourceAsStream(FONTS + f)) {
        if (in == null) {
          throw new IllegalStateException("bundled font " + FONTS + f + " is missing from the class path");
        }
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException("bundled font " + f + " cannot be read", e);
      }
    });
  }

  /** The width of the text in points at the given size. */
  float width(String text, float size) {
    float w = 0;
    for (Run run : runs(text)) {
      w += stringWidth(run) * size / 1000f;
    }
    return w;
  }

  /**
   * Shows the text with its baseline starting at (x, y), in the current fill colour; in a bold typeface,
   * fallback runs are also stroked, so the stroking colour should be the same as the fill colour.
   */
  void show(PDPageContentStream cs, String text, float x, float y, float size) throws IOException {
    List<Run> runs = runs(text);
    if (runs.isEmpty()) {
      return;
    }
    cs.beginText();
    cs.newLineAtOffset(x, y);
    for (Run run : runs) {
      boolean embolden = emboldenFallback && run.face() == fallback;
      if (embolden) {
        cs.setLineWidth(size * 0.035f);
        cs.setRenderingMode(RenderingMode.FILL_STROKE);
      }
      cs.setFont(run.face().pdf(), size);
      cs.showText(run.text());
      if (embolden) {
        cs.setRenderingMode(RenderingMode.FILL);
      }
    }
    cs.endText();
  }

  /** The text, cut and ended with an ellipsis if it is wider than {@code maxWidth}. */
  String fit(String text, float size, float maxWidth) {
    String clean = clean(text);
    if (width(clean, size) <= maxWidth) {
      return clean;
    }
    int[] cps = clean.codePoints().toArray();
    int lo = 0;
    int hi = cps.length;
    while (lo < hi) { // the longest prefix that fits with the ellipsis
      int mid = (lo + hi + 1) >>> 1;
      if (width(new String(cps, 0, mid).stripTrailing() + ELLIPSIS, size) <= maxWidth) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo == 0 ? ELLIPSIS : new String(cps, 0, lo).stripTrailing() + ELLIPSIS;
  }

  /**
   * The text broken into lines no wider than {@code maxWidth}: at spaces where possible, else (a long
   * hash, a name without spaces, CJK) between any two code points.
   */
  List<String> wrap(String text, float size, float maxWidth) {
    List<String> lines = new ArrayList<>();
    for (String paragraph : Objects.requireNonNullElse(text, "").split("\n", -1)) {
      StringBuilder line = new StringBuilder();
      for (String word : clean(paragraph).split(" ")) {
        String candidate = line.length() == 0 ? word : line + " " + word;
        if (width(candidate, size) <= maxWidth) {
          line.setLength(0);
          line.append(candidate);
          continue;
        }
        if (line.length() > 0) {
          lines.add(line.toString());
          line.setLength(0);
        }
        // The word alone: split it where it must, after a '-', '_', '/' or '.' if the line has one.
        int[] cps = word.codePoints().toArray();
        int start = 0;
        for (int i = 1; i <= cps.length; i++) {
          if (i - start > 1 && width(new String(cps, start, i - start), size) > maxWidth) {
            int end = i - 1;
            for (int k = i - 2; k > start; k--) {
              if ("-_/.".indexOf(cps[k]) >= 0) {
                end = k + 1;
                break;
              }
            }
            lines.add(new String(cps, start, end - start));
            start = end;
          }
        }
        line.append(new String(cps, start, cps.length - start));
      }
      lines.add(line.toString());
    }
    return lines;
  }

  /** Control characters (tabs, line breaks inside a name) would show as boxes: make them spaces. */
  static String clean(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> b.appendCodePoint(Character.isISOControl(cp) ? ' ' : cp));
    return b.toString();
  }

  private List<Run> runs(String text) {
    String clean = clean(text);
    List<Run> runs = new ArrayList<>();
    Face current = null;
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < clean.length(); ) {
      int cp = clean.codePointAt(i);
      i += Character.charCount(cp);
      Face face;
      if (primary.has(cp) || cp == ' ') {
        face = primary;
      } else if (fallback.has(cp)) {
        face = fallback;
      } else {
        face = primary;
        cp = 0xFFFD;
      }
      if (face != current && b.length() > 0) {
        runs.add(new Run(current, b.toString()));
        b.setLength(0);
      }
      current = face;
      b.appendCodePoint(cp);
    }
    if (b.length() > 0) {
      runs.add(new Run(current, b.toString()));
    }
    return runs;
  }

  private static float stringWidth(Run run) {
    try {
      return run.face().pdf().getStringWidth(run.text());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
