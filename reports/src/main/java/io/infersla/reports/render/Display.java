package io.infersla.reports.render;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * How figures read in the PDF: English, grouping commas, a space before units. Never depends on the
 * JVM's default locale or time zone, so a server in Berlin and one in Tokyo print the same document.
 */
final class Display {

  static final String NONE = "—";
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ENGLISH);

  private Display() {}

  /**
   * A share as a percentage with three decimals, truncated rather than rounded: an attainment of
   * 0.9949996 must not read "99.500 %" next to a contracted 99.5 % and a verdict "missed".
   */
  static String attainment(BigDecimal share) {
    if (share == null) {
      return "no data";
    }
    return share.multiply(HUNDRED).setScale(3, RoundingMode.DOWN).toPlainString() + " %";
  }

  /** A contracted share as the shortest exact percentage: 0.995 is "99.5 %". */
  static String percentOf(BigDecimal share) {
    return share == null ? NONE : plain(share.multiply(HUNDRED)) + " %";
  }

  /** A value that already is a percentage (credit percent). */
  static String percent(BigDecimal percent) {
    return percent == null ? NONE : plain(percent) + " %";
  }

  /** A measured value: grouped, at most 2 decimals (1 from 100 on), 3 significant digits below 1. */
  static String number(BigDecimal n) {
    if (n == null) {
      return NONE;
    }
    BigDecimal abs = n.abs();
    BigDecimal shown;
    if (abs.compareTo(BigDecimal.ONE) < 0 && abs.signum() != 0) {
      shown = n.round(new MathContext(3, RoundingMode.HALF_UP));
    } else {
      int scale = abs.compareTo(HUNDRED) >= 0 ? 1 : 2;
      shown = n.scale() > scale ? n.setScale(scale, RoundingMode.HALF_UP) : n;
    }
    shown = shown.stripTrailingZeros();
    DecimalFormat f = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ENGLISH));
    f.setMaximumFractionDigits(Math.max(0, shown.scale()));
    f.setMinimumFractionDigits(0);
    f.setRoundingMode(RoundingMode.HALF_UP);
    return f.format(shown);
  }

  /** A value with its unit: "380.1 ms"; no unit, no space; ratios and counts are bare numbers. */
  static String withUnit(BigDecimal n, String unit) {
    if (n == null) {
      return NONE;
    }
    boolean bare = unit == null || unit.isBlank() || unit.equals("ratio") || unit.equals("count");
    return bare ? number(n) : number(n) + " " + unit;
  }

  /** A threshold with the side that complies: "≤ 400 ms" for an upper bound, "≥ 20 tok/s" for a lower. */
  static String threshold(String direction, BigDecimal value, String unit) {
    if (value == null) {
      return NONE;
    }
    String sign = "lower".equals(direction) ? "≥ " : "upper".equals(direction) ? "≤ " : "";
    return sign + withUnit(value, unit);
  }

  static String verdict(String verdict) {
    if (verdict == null) {
      return NONE;
    }
    return switch (verdict) {
      case "met" -> "met";
      case "missed" -> "MISSED";
      case "no_data" -> "no data";
      case "report_only" -> "report only";
      default -> verdict;
    };
  }

  /** A moment within the month, in the contract's zone: "14 Mar 09:12". */
  static String dayTime(Instant t, ZoneId zone) {
    return t == null ? NONE : DAY_TIME.format(t.atZone(zone));
  }

  /** A full local date and time: "2026-03-01 00:00". */
  static String dateTime(Instant t, ZoneId zone) {
    return t == null ? NONE : DATE_TIME.format(t.atZone(zone));
  }

  static String utc(Instant t) {
    return t == null ? NONE : DATE_TIME.format(t.atZone(ZoneId.of("UTC"))) + " UTC";
  }

  /** "March 2026" for 2026-03. */
  static String month(java.time.YearMonth month) {
    return month.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + month.getYear();
  }

  /** An amount of money: "1,200.00 EUR". */
  static String money(BigDecimal amount, String currency) {
    if (amount == null) {
      return NONE;
    }
    DecimalFormat f = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ENGLISH));
    f.setRoundingMode(RoundingMode.HALF_UP);
    return f.format(amount) + (currency == null ? "" : " " + currency);
  }

  /** The shortest exact decimal: 99.50 is "99.5", 10 is "10". */
  static String plain(BigDecimal n) {
    BigDecimal s = n.stripTrailingZeros();
    return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
  }

  /** The first 12 hex digits of a hash, enough to tell revisions apart on a page. */
  static String shortHash(String sha256) {
    return sha256 == null ? NONE : sha256.substring(0, Math.min(12, sha256.length()));
  }
}
