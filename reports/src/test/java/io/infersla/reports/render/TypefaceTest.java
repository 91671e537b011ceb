package io.infersla.reports.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TypefaceTest {

  private PDDocument doc;
  private Typeface regular;

  @BeforeEach
  void load() {
    doc = new PDDocument();
    regular = Typeface.Family.load(doc).regular();
  }

  @AfterEach
  void close() throws IOException {
    doc.close();
  }

  @Test
  void measuresCjkWithTheFallbackFontInsteadOfNothing() {
    float latin = regular.width("ab", 10);
    float cjk = regular.width("東京推論", 10);

    // Droid Sans Fallback's ideographs are one em wide: 4 ideographs at 10 pt are 40 pt.
    assertThat(cjk).isCloseTo(40f, within(0.5f));
    assertThat(regular.width("ab東京推論", 10)).isCloseTo(latin + cjk, within(0.01f));
  }

  @Test
  void fitsTextByCuttingItWithAnEllipsis() {
    String name = "inference-gateway-with-a-rather-long-service-name";

    String fitted = regular.fit(name, 8, 60);

    assertThat(fitted).endsWith("…").startsWith("inference");
    assertThat(regular.width(fitted, 8)).isLessThanOrEqualTo(60);
    assertThat(regular.fit("short", 8, 60)).isEqualTo("short");
    assertThat(regular.fit("東京推論株式会社", 10, 35)).isEqualTo("東京…");
  }

  @Test
  void wrapsEveryLineWithinTheWidthEvenWithoutSpaces() {
    String hash = "cdd3c61a5fb4cba7fce71dca4a973708b5bfacb0946ec4a81930588254c2781b";
    for (String text : List.of(hash, "東京推論株式会社東京推論株式会社東京推論株式会社",
        "a sentence of several words that needs more than one line to be read")) {
      List<String> lines = regular.wrap(text, 9, 100);

      assertThat(lines).as(text).hasSizeGreaterThan(1);
      assertThat(String.join("", lines).replace(" ", "")).isEqualTo(text.replace(" ", ""));
      for (String line : lines) {
        assertThat(regular.width(line, 9)).as(line).isLessThanOrEqualTo(100);
      }
    }
  }

  @Test
  void breaksALongNameAfterAHyphenRatherThanInsideAPart() {
    List<String> lines = regular.wrap("inference-gateway-12-eu-west", 8, 75);

    assertThat(lines.get(0)).endsWith("-");
    assertThat(String.join("", lines)).isEqualTo("inference-gateway-12-eu-west");
  }

  @Test
  void turnsControlCharactersIntoSpaces() {
    assertThat(Typeface.clean("Müller\tGmbH\r\n")).isEqualTo("Müller GmbH  ");
    assertThat(Typeface.clean(null)).isEmpty();
  }
}
