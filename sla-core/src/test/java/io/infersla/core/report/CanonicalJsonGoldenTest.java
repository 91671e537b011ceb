package io.infersla.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersla.core.compliance.ComplianceTerms;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Stored compliance reports are verified by the SHA-256 of their canonical bytes, so those bytes
 * must never change with the JSON library underneath. The golden files were written by the
 * hand-written JSON writer that predates Jackson; a difference here breaks every stored report.
 */
class CanonicalJsonGoldenTest {

    @Test
    void aMonthlyReportBodyKeepsItsBytesAndHash() {
        Map<String, Object> figures = MonthlyReportTest.monthWithBreachMinutes(10_000, 51,
                MonthlyReportTest.terms(0.995, ComplianceTerms.CreditPolicy.SUM));
        ReportRevisions.Next first = ReportRevisions.next(Optional.empty(), figures, true,
                MonthlyReportTest.MARCH_UTC.end()).orElseThrow();

        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo(golden("golden-report.json"));
        assertThat(first.sha256()).isEqualTo("65b2ccf2d06fed72a1002a1e8a664d1222c392db23bae109c2f23edc2ba422bb");
    }

    @Test
    void awkwardStringsAndNumbersKeepTheirBytes() {
        byte[] body = CanonicalJson.write(awkwardDocument());

        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(golden("golden-awkward.json"));
        assertThat(CanonicalJson.sha256(body)).isEqualTo("dadce11d62518e9d142cdbb90da1a757022958410f6d5d5494ce800dfa9dafb2");
        assertThat(CanonicalJson.write(CanonicalJson.read("golden", body))).isEqualTo(body);
    }

    /** Every value kind, escapes, non-ASCII text, a clipped surrogate pair and numbers at the rounding edges. */
    static Map<String, Object> awkwardDocument() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("zeta", "quote \" backslash \\ slash / tab\t newline\n return\r bell\u0007 nul\u0000");
        doc.put("alpha", "Zürich 東京 emoji \uD83D\uDE00 clipped \uD83D end");
        doc.put("Upper", "sorts before lower case");
        doc.put("numbers", new ArrayList<>(Arrays.asList(0, -0.0, 1, -1, 12.0, 0.1 + 0.2, 1e-10, 1.0000000005, 2.5e-9,
                123456789012345L, Long.MAX_VALUE, Integer.MIN_VALUE, 1e20, -3.14159265358979,
                new BigDecimal("1E+3"), new BigDecimal("0.000000000499"), new BigDecimal("99.9999999995"))));
        doc.put("flags", List.of(true, false));
        doc.put("nothing", null);
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("b", List.of());
        nested.put("a", Map.of());
        nested.put("", "empty key");
        doc.put("nested", List.of(nested, List.of(List.of(1, "x"))));
        return doc;
    }

    private static String golden(String name) {
        try (InputStream in = CanonicalJsonGoldenTest.class.getResourceAsStream(name)) {
            assertThat(in).as("golden file " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
