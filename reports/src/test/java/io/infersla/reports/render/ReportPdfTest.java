package io.infersla.reports.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.Test;

/**
 * Renders the fixtures and reads them back with an independent reader (poppler's pdftotext and
 * pdftoppm). The PDFs are kept in target/rendered for a human to look at.
 */
class ReportPdfTest {

  private static final Path OUT = Path.of("target", "rendered");

  @Test
  void rendersAPdfThatPdfBoxOpensAndWhoseTextReadsBackAsWritten() throws IOException {
    byte[] json = Fixtures.load(Fixtures.MUELLER);
    String sha = ReportPdf.sha256(json);
    Path pdf = write("report-mueller.pdf", ReportPdf.render(json, sha));

    byte[] bytes = Files.readAllBytes(pdf);
    assertThat(new String(bytes, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    try (PDDocument doc = Loader.loadPDF(bytes)) {
      assertThat(doc.getNumberOfPages()).isBetween(4, 8);
      assertThat(doc.getDocumentInformation().getTitle()).isEqualTo("SLA compliance report: Müller GmbH, March 2026");
      assertThat(doc.getDocumentInformation().getCreationDate().toInstant()).hasToString("2026-04-01T06:00:00Z");
      assertThat(fonts(doc)).as("subsets of the bundled fonts; no CJK font for a Latin-only report").isNotEmpty()
          .allMatch(name -> name.matches("[A-Z]{6}\\+DejaVuSans(-Bold|Mono)?"));
    }
    String text = words(Poppler.text(pdf));
    assertThat(text)
        .contains("SLA compliance report")
        .contains("Müller GmbH")
        .contains("müller-prod")
        .contains("March 2026 (Europe/Paris, 2026-03-01 00:00 to 2026-04-01 00:00 local, 743 hours)")
        .contains("FINAL").contains("CORRECTION").contains("2 (final, correction)")
        .contains("maintenance window #3 (driver upgrade) was recorded after revision 1")
        // attainment as printed: objectives, then series
        .contains("99.451 %").contains("99.973 %")
        .contains("Report only: measured and shown, with no verdict and no credit.")
        .contains("99.412 %").contains("99.951 %")
        .contains("1 met, 1 missed, 1 report only: service credit 10 % (1,200.00 EUR of a monthly fee of 12,000.00 EUR).")
        .contains("Credit policy \"worst\"")
        .contains(sha)
        .contains("9f2c4e1a7b3d5f608192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8")
        .contains("sha256sum report.json").contains("./infersla report verify report.json")
        .contains("Breach episodes").contains("31 Mar 23:18").contains("1 Apr 02:40")
        .contains("Maintenance windows").contains("driver upgrade")
        .doesNotContainPattern("[\uFB00-\uFB06]") // no ligatures in the text layer
        .contains("page 1 of ").contains("Müller GmbH (müller-prod) · March 2026 · revision 2 · SHA-256 "
            + sha.substring(0, 12));
  }

  @Test
  void rendersJapaneseContractAndServiceNamesWithTheBundledCjkFont() throws IOException {
    byte[] json = Fixtures.load(Fixtures.TOKYO);
    Path pdf = write("report-tokyo.pdf", ReportPdf.render(json, ReportPdf.sha256(json)));

    String text = words(Poppler.text(pdf));
    assertThat(text)
        .contains("東京推論株式会社 (東京推論)")
        .contains("東京推論-chat / llama-3-70b")
        .contains("March 2026 (Asia/Tokyo, 2026-03-01 00:00 to 2026-04-01 00:00 local, 744 hours)")
        .contains("PROVISIONAL")
        .contains("none (first revision)")
        .contains("service credit 10 %.");
    assertThat(text).doesNotContain("\uFFFD");
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      assertThat(fonts(doc)).anyMatch(name -> name.endsWith("+DroidSansFallback"));
    }
    assertThat(Poppler.pages(pdf, 50, Files.createDirectories(OUT.resolve("tokyo-pages")))).isNotEmpty();
  }

  @Test
  void rasterisesEveryPageAndKeepsAllTextInsideTheMargins() throws IOException {
    byte[] json = Fixtures.load(Fixtures.MUELLER);
    Path pdf = write("report-mueller-pages.pdf", ReportPdf.render(json, ReportPdf.sha256(json)));
    Path dir = clean(OUT.resolve("mueller-pages"));

    List<Path> pngs = Poppler.pages(pdf, 50, dir);

    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      assertThat(pngs).hasSize(doc.getNumberOfPages());
      assertThat(outside(doc)).isEmpty();
    }
  }

  @Test
  void paginatesTablesOf300SeriesWithoutRunningOffThePage() throws IOException {
    byte[] json = Fixtures.manySeries(300);
    Path pdf = write("report-300-series.pdf", ReportPdf.render(json, ReportPdf.sha256(json)));
    Path dir = clean(OUT.resolve("300-series-pages"));

    List<Path> pngs = Poppler.pages(pdf, 50, dir);

    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      int pages = doc.getNumberOfPages();
      assertThat(pages).as("300 series rows and 300 episodes need many pages").isGreaterThan(10);
      assertThat(pngs).hasSize(pages);
      assertThat(outside(doc)).isEmpty();
    }
    String text = words(Poppler.text(pdf));
    assertThat(text).contains("inference-gateway-299-").contains("…").contains("page 12 of ");
  }

  @Test
  void saysSoWhenTheMonthHadNoEpisodeAndNoMaintenance() throws IOException {
    byte[] json = Fixtures.quietMonth();
    Path pdf = write("report-quiet.pdf", ReportPdf.render(json, ReportPdf.sha256(json)));

    assertThat(words(Poppler.text(pdf)))
        .contains("No breach episodes this month.")
        .contains("No maintenance windows this month.");
  }

  @Test
  void givesTheSameBytesForTheSameDocument() {
    byte[] json = Fixtures.load(Fixtures.TOKYO);
    String sha = ReportPdf.sha256(json);

    assertThat(ReportPdf.render(json, sha)).isEqualTo(ReportPdf.render(json.clone(), sha));
  }

  @Test
  void refusesAHashThatIsNotTheDocumentsOwn() {
    byte[] json = Fixtures.load(Fixtures.MUELLER);
    String other = "0".repeat(64);

    assertThatThrownBy(() -> ReportPdf.render(json, other)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sha256").hasMessageContaining(ReportPdf.sha256(json));
    assertThatThrownBy(() -> ReportPdf.render(json, "abc")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 lower-case hex digits");
  }

  /** Every glyph whose box leaves the printable area, as "page N: 'c' at x,y". */
  private static List<String> outside(PDDocument doc) throws IOException {
    List<String> problems = new ArrayList<>();
    PDFTextStripper stripper = new PDFTextStripper() {
      @Override
      protected void writeString(String text, List<TextPosition> positions) {
        for (TextPosition p : positions) {
          float x = p.getXDirAdj();
          float y = p.getYDirAdj();
          boolean inside = x >= PageFlow.LEFT - 1 && x + p.getWidthDirAdj() <= PageFlow.RIGHT + 1
              && y - p.getHeightDir() >= 40 && y <= p.getPageHeight() - 20;
          if (!inside && problems.size() < 20) {
            problems.add("page " + getCurrentPageNo() + ": '" + p.getUnicode() + "' at " + x + "," + y);
          }
        }
      }
    };
    stripper.getText(doc);
    return problems;
  }

  /** The base font names used on the pages. */
  private static java.util.Set<String> fonts(PDDocument doc) throws IOException {
    java.util.Set<String> names = new java.util.TreeSet<>();
    for (var page : doc.getPages()) {
      for (var name : page.getResources().getFontNames()) {
        names.add(page.getResources().getFont(name).getName());
      }
    }
    return names;
  }

  private static String words(String text) {
    return text.replaceAll("\\s+", " ");
  }

  private static Path write(String name, byte[] pdf) throws IOException {
    Files.createDirectories(OUT);
    return Files.write(OUT.resolve(name), pdf);
  }

  private static Path clean(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    return dir;
  }
}
