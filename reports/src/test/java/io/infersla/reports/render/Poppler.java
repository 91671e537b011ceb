package io.infersla.reports.render;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's poppler-utils, an independent PDF reader, run on what we render: if pdftotext gets the text
 * back and pdftoppm rasterises every page, the PDF is sound beyond what PDFBox itself thinks. A missing
 * tool fails the test (never skips it), naming the package to install.
 */
final class Poppler {

  private Poppler() {}

  /** The text of the PDF, in reading order of the layout ({@code pdftotext -layout}). */
  static String text(Path pdf) {
    Path txt = pdf.resolveSibling(pdf.getFileName() + ".txt");
    run("pdftotext", "-enc", "UTF-8", pdf.toString(), txt.toString());
    try {
      return Files.readString(txt, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError("pdftotext wrote no text file " + txt, e);
    }
  }

  /** Rasterises every page at {@code dpi}; returns the PNG files, one per page. */
  static List<Path> pages(Path pdf, int dpi, Path dir) {
    run("pdftoppm", "-r", Integer.toString(dpi), "-png", pdf.toString(), dir.resolve("page").toString());
    try (var files = Files.list(dir)) {
      return new ArrayList<>(files.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().toList());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void run(String... command) {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError(command[0] + " (Debian package poppler-utils) is not installed; the PDF tests "
          + "need it: apt-get install poppler-utils, or ./infersla test, which installs it (" + e.getMessage() + ")", e);
    }
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail(command[0] + " did not finish within 60 s");
      }
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        fail(String.join(" ", command) + " exited with " + p.exitValue() + ": " + output);
      }
    } catch (InterruptedException | IOException e) {
      throw new AssertionError(command[0] + " failed", e);
    }
  }
}
