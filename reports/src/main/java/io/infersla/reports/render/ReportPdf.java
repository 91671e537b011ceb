package io.infersla.reports.render;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.TimeZone;
import java.util.regex.Pattern;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;

/**
 * A compliance report as the PDF a customer is handed (A4): a cover with the contract, period, revision
 * and hashes and the summary of objectives and credit; one section per objective with the month's
 * chart and figures; results per series, breach episodes and maintenance windows; the methodology; how
 * to verify the report against its JSON document. Every page has a footer naming the contract, the
 * month and the report's short hash, and "page X of N".
 *
 * <p>Deterministic: the same document gives the same bytes. The PDF's creation and modification dates
 * are the revision's {@code generated_at}, its file identifier is derived from the report's hash, and
 * the fonts (bundled, embedded as subsets) do not depend on the machine: the output is the same with or
 * without fonts installed. A report of three objectives renders in about half a second once the JVM is
 * warm (the first render in a JVM takes a few seconds: AWT and the fonts load), to about 150 kB, most of
 * it the charts, drawn at 200 dpi.
 */
public final class ReportPdf {

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private ReportPdf() {}

  /**
   * Renders the report document as PDF.
   *
   * @param reportJson the report's canonical JSON document (UTF-8)
   * @param sha256 the SHA-256 of exactly these bytes, 64 lower-case hex digits; printed on every page
   * @return the PDF
   * @throws IllegalArgumentException if the document cannot be read (the message names the field) or
   *     {@code sha256} is not the SHA-256 of {@code reportJson}
   */
  public static byte[] render(byte[] reportJson, String sha256) {
    Objects.requireNonNull(reportJson, "reportJson");
    Objects.requireNonNull(sha256, "sha256");
    if (!SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256: must be 64 lower-case hex digits, was " + sha256);
    }
    String actual = sha256(reportJson);
    if (!actual.equals(sha256)) {
      // A wrong hash on a customer's document would make the report unverifiable: refuse it.
      throw new IllegalArgumentException("sha256: must be the SHA-256 of reportJson (" + actual + "), was " + sha256);
    }
    ReportDocument doc = ReportDocument.parse(reportJson);
    try (PDDocument pdf = new PDDocument()) {
      PageFlow flow = new PageFlow(pdf, Typeface.Family.load(pdf));
      CoverPage.draw(flow, doc, sha256);
      ObjectivePages.draw(flow, doc);
      AppendixPages.draw(flow, doc, sha256);
      flow.finish(footer(doc, sha256));
      metadata(pdf, doc, sha256);
      ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
      pdf.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("report PDF cannot be written", e);
    }
  }

  /** "Müller GmbH (müller-prod) · March 2026 · revision 2 · SHA-256 3f2a9c1b04de". */
  static String footer(ReportDocument doc, String sha256) {
    ReportDocument.Contract c = doc.contract();
    String name = c.name() == null ? c.contract() : c.name() + " (" + c.contract() + ")";
    String revision = doc.revision().number() == null ? "" : " · revision " + Display.plain(doc.revision().number());
    String status = doc.revision().provisional() ? " PROVISIONAL" : "";
    return name + " · " + Display.month(doc.period().month()) + revision + status + " · SHA-256 "
        + Display.shortHash(sha256);
  }

  private static void metadata(PDDocument pdf, ReportDocument doc, String sha256) {
    PDDocumentInformation info = pdf.getDocumentInformation();
    String name = doc.contract().name() == null ? doc.contract().contract() : doc.contract().name();
    info.setTitle("SLA compliance report: " + name + ", " + Display.month(doc.period().month()));
    info.setSubject("Revision " + (doc.revision().number() == null ? "?" : Display.plain(doc.revision().number()))
        + " (" + doc.revision().status() + "), report SHA-256 " + sha256);
    info.setAuthor("InferSLA");
    info.setCreator("InferSLA reports");
    info.setProducer("InferSLA reports (Apache PDFBox)");
    if (doc.revision().generatedAt() != null) {
      Calendar at = new GregorianCalendar(TimeZone.getTimeZone("UTC"), Locale.ROOT);
      at.setTimeInMillis(doc.revision().generatedAt().toEpochMilli());
      info.setCreationDate(at);
      info.setModificationDate(at);
    }
    // Without an ID PDFBox derives one from the current time: use the report's hash instead.
    byte[] id = HexFormat.of().parseHex(sha256.substring(0, 32));
    COSArray ids = new COSArray();
    ids.add(new COSString(id));
    ids.add(new COSString(id));
    pdf.getDocument().getTrailer().setItem(COSName.ID, ids);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
