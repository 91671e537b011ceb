package io.infersla.reports.render;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A compliance report document ({@code infersla.compliance-report/1}) as read from its canonical JSON.
 * Numbers stay {@link BigDecimal}s exactly as written (so that CSV can repeat them verbatim); fields the
 * schema allows to be null are null here too. Only what the renderers need is read; unknown fields are
 * ignored, so a newer producer does not break an older renderer.
 */
record ReportDocument(
    String schema,
    Contract contract,
    Period period,
    Revision revision,
    Terms terms,
    Summary summary,
    List<Objective> objectives,
    List<Series> series,
    List<Maintenance> maintenance,
    Methodology methodology) {

  static final String SCHEMA = "infersla.compliance-report/1";

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  record Contract(String tenant, String contract, String name, ZoneId timeZone) {}

  record Period(YearMonth month, Instant start, Instant end, BigDecimal hours, Instant dataThrough) {}

  record Revision(BigDecimal number, String status, boolean correction, String previousSha256,
      List<String> changes, Instant generatedAt) {
    boolean provisional() {
      return "provisional".equals(status);
    }
  }

  record CreditTier(BigDecimal attainmentBelow, BigDecimal creditPercent) {}

  record Terms(BigDecimal defaultAttainment, String creditPolicy, List<CreditTier> creditTiers,
      BigDecimal monthlyFee, String currency) {}

  record Summary(BigDecimal objectivesMet, BigDecimal objectivesMissed, BigDecimal objectivesWithoutData,
      BigDecimal objectivesReportOnly, BigDecimal creditPercent, BigDecimal creditAmount) {}

  /** Minutes of the month by what they counted as; see the methodology page. */
  record Minutes(BigDecimal judged, BigDecimal compliant, BigDecimal breach, BigDecimal excused,
      BigDecimal insufficientData, BigDecimal reported, BigDecimal notCovered) {}

  /** {@code unit} is that of one request's value (mean, p50..p99); {@code value} has the objective's unit. */
  record Requests(BigDecimal count, BigDecimal mean, BigDecimal p50, BigDecimal p95, BigDecimal p99,
      BigDecimal value, BigDecimal withinLimitShare, String unit) {}

  /** The figures an objective roll-up and a series row share. */
  record Figures(String category, String objective, String metric, String unit, String statistic,
      BigDecimal windowSeconds, String direction, BigDecimal target, BigDecimal limit,
      BigDecimal contractedAttainment, BigDecimal attainment, String verdict, BigDecimal creditPercent,
      Minutes minutes, BigDecimal breachMinutes, Requests requests) {}

  record Day(LocalDate date, BigDecimal count, BigDecimal value) {}

  record Objective(Figures figures, BigDecimal series, List<Day> daily) {}

  record Excused(String reason, BigDecimal minutes) {}

  record Episode(String episodeId, Instant openedAt, Instant resolvedAt, String severity,
      BigDecimal peakValue, Instant peakAt, String dedupKey, BigDecimal minutesInMonth) {}

  record Series(String seriesKey, String service, String environment, String model, String hardware,
      Figures figures, List<Excused> excused, List<Episode> episodes) {}

  record Maintenance(BigDecimal id, Instant startsAt, Instant endsAt, String service, String category,
      String model, String reason, BigDecimal minutesInMonth) {
    boolean applies(String objectiveCategory) {
      return category == null || category.equals(objectiveCategory);
    }
  }

  record Methodology(BigDecimal sketchRelativeAccuracy, BigDecimal evaluationResolutionSeconds) {}

  /**
   * Reads a report document.
   *
   * @throws IllegalArgumentException if the bytes are not JSON, name another schema, or lack a required
   *     field; the message names the field
   */
  static ReportDocument parse(byte[] reportJson) {
    Objects.requireNonNull(reportJson, "reportJson");
    JsonNode root;
    try {
      root = JSON.readTree(reportJson);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("report: not a JSON document: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("report: must be a JSON object");
    }
    String schema = text(root, "schema");
    if (!SCHEMA.equals(schema)) {
      throw new IllegalArgumentException("schema: must be " + SCHEMA + ", was " + schema);
    }
    JsonNode c = required(root, "contract");
    var contract = new Contract(text(c, "tenant"), text(c, "contract"), text(c, "name"),
        zone(c, "time_zone"));
    JsonNode p = required(root, "period");
    Period period;
    try {
      period = new Period(YearMonth.parse(requiredText(p, "month")), requiredInstant(p, "start"),
          requiredInstant(p, "end"), number(p, "hours"), instant(p, "data_through"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("period." + e.getMessage(), e);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("period.month: must be YYYY-MM, was " + e.getParsedString(), e);
    }
    if (!period.start().isBefore(period.end())) {
      throw new IllegalArgumentException("period.end: must be after period.start (" + period.start() + "), was "
          + period.end());
    }
    JsonNode r = required(root, "revision");
    var revision = new Revision(number(r, "number"), text(r, "status"), r.path("correction").asBoolean(false),
        text(r, "previous_sha256"), list(r, "changes", JsonNode::asText), instant(r, "generated_at"));
    JsonNode t = root.path("terms");
    var terms = new Terms(number(t, "default_attainment"), text(t, "credit_policy"),
        list(t, "credit_tiers", n -> new CreditTier(number(n, "attainment_below"), number(n, "credit_percent"))),
        number(t, "monthly_fee"), text(t, "currency"));
    JsonNode s = root.path("summary");
    var summary = new Summary(number(s, "objectives_met"), number(s, "objectives_missed"),
        number(s, "objectives_without_data"), number(s, "objectives_report_only"), number(s, "credit_percent"),
        number(s, "credit_amount"));
    var objectives = list(root, "objectives",
        n -> new Objective(figures(n), number(n, "series"), list(n, "daily", ReportDocument::day)));
    var series = list(root, "series", n -> new Series(text(n, "series_key"), text(n, "service"),
        text(n, "environment"), text(n, "model"), text(n, "hardware"), figures(n),
        list(n, "excused", e -> new Excused(text(e, "reason"), number(e, "minutes"))),
        list(n, "episodes", ReportDocument::episode)));
    var maintenance = list(root, "maintenance", n -> new Maintenance(number(n, "id"), instant(n, "starts_at"),
        instant(n, "ends_at"), text(n, "service"), text(n, "category"), text(n, "model"), text(n, "reason"),
        number(n, "minutes_in_month")));
    JsonNode m = root.path("methodology");
    var methodology = new Methodology(number(m, "sketch_relative_accuracy"),
        number(m, "evaluation_resolution_seconds"));
    return new ReportDocument(schema, contract, period, revision, terms, summary, objectives, series,
        maintenance, methodology);
  }

  private static Figures figures(JsonNode n) {
    JsonNode m = n.path("minutes");
    JsonNode q = n.path("requests");
    return new Figures(text(n, "category"), text(n, "objective"), text(n, "metric"), text(n, "unit"),
        text(n, "statistic"), number(n, "window_seconds"), text(n, "direction"), number(n, "target"),
        number(n, "limit"), number(n, "contracted_attainment"), number(n, "attainment"), text(n, "verdict"),
        number(n, "credit_percent"),
        new Minutes(number(m, "judged"), number(m, "compliant"), number(m, "breach"), number(m, "excused"),
            number(m, "insufficient_data"), number(m, "reported"), number(m, "not_covered")),
        number(n, "breach_minutes"),
        new Requests(number(q, "count"), number(q, "mean"), number(q, "p50"), number(q, "p95"),
            number(q, "p99"), number(q, "value"), number(q, "within_limit_share"), text(q, "unit")));
  }

  private static Day day(JsonNode n) {
    return new Day(LocalDate.parse(requiredText(n, "date")), number(n, "count"), number(n, "value"));
  }

  private static Episode episode(JsonNode n) {
    return new Episode(text(n, "episode_id"), instant(n, "opened_at"), instant(n, "resolved_at"),
        text(n, "severity"), number(n, "peak_value"), instant(n, "peak_at"), text(n, "dedup_key"),
        number(n, "minutes_in_month"));
  }

  private static JsonNode required(JsonNode parent, String field) {
    JsonNode n = parent.get(field);
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException(field + ": required object is missing");
    }
    return n;
  }

  private static String text(JsonNode parent, String field) {
    JsonNode n = parent.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }

  private static String requiredText(JsonNode parent, String field) {
    String s = text(parent, field);
    if (s == null) {
      throw new IllegalArgumentException(field + ": required, was missing or null");
    }
    return s;
  }

  private static BigDecimal number(JsonNode parent, String field) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isNumber()) {
      throw new IllegalArgumentException(field + ": must be a number, was " + n);
    }
    return n.decimalValue();
  }

  private static Instant instant(JsonNode parent, String field) {
    String s = text(parent, field);
    try {
      return s == null ? null : Instant.parse(s);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(field + ": must be an ISO-8601 UTC instant, was " + s, e);
    }
  }

  private static Instant requiredInstant(JsonNode parent, String field) {
    requiredText(parent, field);
    return instant(parent, field);
  }

  private static ZoneId zone(JsonNode parent, String field) {
    String s = text(parent, field);
    try {
      return s == null ? java.time.ZoneOffset.UTC : ZoneId.of(s);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(field + ": must be an IANA time zone, was " + s, e);
    }
  }

  private static <T> List<T> list(JsonNode parent, String field, Function<JsonNode, T> element) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new IllegalArgumentException(field + ": must be an array, was " + n.getNodeType());
    }
    List<T> out = new ArrayList<>(n.size());
    for (int i = 0; i < n.size(); i++) {
      try {
        out.add(element.apply(n.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(field + "[" + i + "]." + e.getMessage(), e);
      }
    }
    return List.copyOf(out);
  }
}
