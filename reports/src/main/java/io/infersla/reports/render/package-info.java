/**
 * Renders a monthly SLA compliance report, given as its canonical JSON document
 * ({@code infersla.compliance-report/1}), into what people read: {@link io.infersla.reports.render.ReportCsv}
 * (one row per series and objective, for spreadsheets) and {@link io.infersla.reports.render.ReportPdf}
 * (the document a customer is handed). Both are pure functions of the document's bytes: no clock, no
 * randomness, no installed fonts (the fonts are bundled and embedded as subsets), so the same document
 * always gives the same bytes. {@link io.infersla.reports.render.ReportDocument} reads the JSON, keeping
 * every number as the exact {@link java.math.BigDecimal} written in it.
 */
package io.infersla.reports.render;
