package io.infersla.core.catalog;

import io.infersla.core.measure.Metric;
import io.infersla.core.measure.Unit;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How a value of one statistic of one metric is written: the one place that knows that a p95 of
 * {@code ttft_ms} is in ms, a {@code tail_ratio} is a bare number, a rate of {@code items} is in
 * items/s and a weighted mean of {@code wer} reads as a percentage. Alert texts (PagerDuty,
 * Alertmanager, webhooks) and the launcher's console use it; the statistic's value, target and
 * limit of an objective all share its format.
 *
 * <p>The unit follows from the statistic and the metric's {@link Unit}:
 * <ul>
 *   <li>{@code tail_ratio} and {@code count}: bare numbers (units {@code ratio}, {@code count});</li>
 *   <li>{@code cost_per_million_tokens}: {@code USD/1M tokens};</li>
 *   <li>{@code rate}: the metric's amount per second ({@code items/s}, {@code tokens/s});</li>
 *   <li>every other statistic (percentiles, mean, min, max, sum, weighted mean): the metric's
 *       unit ({@code ms}, {@code h}, {@code W}, {@code USD}, {@code fps}, {@code items}); ratios
 *       are bare, except WER, which is shown as a percentage ({@code 0.052} → {@code 5.2 %}).</li>
 * </ul>
 *
 * <p>Numbers ({@link #number(double)}): three significant digits, all digits of the integer part
 * from 1000 on, no trailing zeros, no exponent between 10⁻⁴ and 10¹⁵.
 *
 * @param unit the unit of the raw value (as stored and as sent in JSON number fields), e.g.
 *     {@code ms}, {@code items/s}, {@code ratio}, {@code count}
 * @param displayUnit the unit written after a formatted number; empty for a bare number
 * @param scale what the raw value is multiplied by before it is written (100 for a percentage)
 */
public record ValueFormat(String unit, String displayUnit, double scale) {

    /** For a metric or statistic this version does not know: the number alone, no unit. */
    public static final ValueFormat BARE = new ValueFormat("", "", 1);

    /** What a missing value (no samples) is written as. */
    public static final String MISSING = "n/a";

    private static final int SIGNIFICANT_DIGITS = 3;

    public ValueFormat {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(displayUnit, "displayUnit");
        if (!(Double.isFinite(scale) && scale > 0)) {
            throw new IllegalArgumentException("scale must be finite and > 0, was " + scale);
        }
    }

    public static ValueFormat of(Objective objective) {
        return of(objective.metric(), objective.statistic());
    }

    public static ValueFormat of(Metric metric, Statistic statistic) {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(statistic, "statistic");
        if (statistic instanceof Statistic.TailRatio) {
            return new ValueFormat(Unit.RATIO.symbol(), "", 1);
        }
        if (statistic instanceof Statistic.Count) {
            return new ValueFormat(Unit.COUNT.symbol(), "", 1);
        }
        if (statistic instanceof Statistic.CostPerMillionTokens) {
            return new ValueFormat("USD/1M tokens", "USD/1M tokens", 1);
        }
        if (statistic instanceof Statistic.Rate) {
            String amount = amount(metric);
            String perSecond = amount.isEmpty() ? "1/s" : amount + "/s";
            return new ValueFormat(perSecond, perSecond, 1);
        }
        if (metric == Metric.WER) {
            return new ValueFormat(Unit.RATIO.symbol(), "%", 100);
        }
        if (metric.unit() == Unit.RATIO) {
            return new ValueFormat(Unit.RATIO.symbol(), "", 1);
        }
        String amount = amount(metric);
        return new ValueFormat(amount, amount, 1);
    }

    /**
     * By wire names, as alert facts and stored rows carry them; {@link #BARE} when either is
     * unknown, so a text is still written.
     */
    public static ValueFormat of(String metricId, String statisticId) {
        Optional<Metric> metric = Metric.fromId(metricId);
        Optional<Statistic> statistic = Statistic.parse(statisticId);
        return metric.isPresent() && statistic.isPresent() ? of(metric.get(), statistic.get()) : BARE;
    }

    /** What one measurement of the metric counts, as written after a number. */
    private static String amount(Metric metric) {
        return switch (metric.unit()) {
            case MILLISECONDS, HOURS, USD, WATTS -> metric.unit().symbol();
            case RATIO -> "";
            case PER_SECOND -> switch (metric) {
                case FPS -> "fps";
                case ITEMS_PER_S -> "items/s";
                case TOKENS_PER_S -> "tokens/s";
                default -> metric.unit().symbol();
            };
            case COUNT -> metric.id();
        };
    }

    /** The value with its unit, e.g. {@code 413 ms}, {@code 5.2 %}, {@code 220 items/s}, {@code 4.48}; {@code n/a} when not finite. */
    public String format(double value) {
        if (!Double.isFinite(value)) {
            return MISSING;
        }
        String number = number(value * scale);
        return displayUnit.isEmpty() ? number : number + " " + displayUnit;
    }

    /** {@link #format(double)}, or {@code n/a} when there is no value. */
    public String format(OptionalDouble value) {
        return value.isPresent() ? format(value.getAsDouble()) : MISSING;
    }

    /**
     * A number as people read it: three significant digits ({@code 4.477} → {@code 4.48},
     * {@code 219.8} → {@code 220}), every digit of the integer part from 1000 on ({@code 12345.6} →
     * {@code 12346}), no trailing zeros ({@code 2.0} → {@code 2}), no exponent from 10⁻⁴ to
     * 10¹⁵ (beyond: {@code 1.23E+20}); {@code n/a} when not finite.
     */
    public static String number(double value) {
        if (!Double.isFinite(value)) {
            return MISSING;
        }
        if (value == 0) {
            return "0";
        }
        double magnitude = Math.abs(value);
        BigDecimal exact = new BigDecimal(value);
        BigDecimal rounded = magnitude >= 1000
                ? exact.setScale(0, RoundingMode.HALF_UP)
                : exact.round(new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_UP));
        if (rounded.signum() == 0) {
            return "0";
        }
        if (magnitude >= 1e-4 && magnitude < 1e15) {
            return rounded.stripTrailingZeros().toPlainString();
        }
        return scientific(exact.round(new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_UP)).stripTrailingZeros());
    }

    /** {@code 1.23E-5}, {@code 1E+20}: mantissa without trailing zeros, signed exponent. */
    private static String scientific(BigDecimal rounded) {
        String digits = rounded.unscaledValue().abs().toString();
        int exponent = digits.length() - rounded.scale() - 1;
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (rounded.signum() < 0 ? "-" : "") + mantissa + "E" + (exponent < 0 ? "-" : "+") + Math.abs(exponent);
    }
}
