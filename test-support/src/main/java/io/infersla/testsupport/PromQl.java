package io.infersla.testsupport;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL and Prometheus exposition format to check that what dashboards and rules
 * query is what the apps expose: the metric names an expression selects, and the names a
 * {@code /q/metrics} page holds.
 */
public final class PromQl {

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    /** Label lists of aggregations and vector matching: {@code by (le)} names labels, not metrics. */
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![A-Za-z0-9_:.$])[A-Za-z_:][A-Za-z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset", "atan2", "inf", "nan");
    /** What Prometheus appends to a family's name in its samples. */
    private static final Pattern SAMPLE_SUFFIX = Pattern.compile("(.+)_(bucket|count|sum|total|created|max)$");

    private PromQl() {
    }

    /**
     * The metric names {@code expr} selects: identifiers followed by a label matcher, a range,
     * white space, an operator or the end, but not by {@code (} (functions and aggregations),
     * and neither keywords, label names in {@code by (...)}, label values nor Grafana variables.
     */
    public static Set<String> metricNames(String expr) {
        String s = STRING.matcher(expr).replaceAll("\"\"");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = RANGE.matcher(s).replaceAll(" ");
        s = GROUPING.matcher(s).replaceAll(" ");
        s = VARIABLE.matcher(s).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String name = m.group();
            int next = m.end();
            while (next < s.length() && Character.isWhitespace(s.charAt(next))) {
                next++;
            }
            boolean call = next < s.length() && s.charAt(next) == '(';
            // A digit before it was skipped by the look-behind; "e" of 1e-9 and "m" of 5m never get here.
            if (!call && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * The sample names on a Prometheus text exposition ({@code /q/metrics}): what a PromQL selector
     * can match once Prometheus scraped it ({@code x_total}, {@code x_seconds_bucket}), not the
     * family names of {@code # TYPE} lines (an OpenMetrics counter family {@code x} has no sample
     * {@code x}, so a query for {@code x} finds nothing).
     */
    public static Set<String> exposedNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            line = line.strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                int end = 0;
                while (end < line.length() && line.charAt(end) != '{' && !Character.isWhitespace(line.charAt(end))) {
                    end++;
                }
                names.add(line.substring(0, end));
            }
        }
        return names;
    }

    /**
     * Whether a name an expression selects is one of {@code exposed}, or a sample of one of them
     * taken as a family ({@code x_bucket}, {@code x_count}, {@code x_sum}, {@code x_total},
     * {@code x_created}, {@code x_max} of {@code x}): for comparing with meter names as the
     * sources register them, where a timer {@code x_seconds} is exposed as those samples.
     */
    public static boolean isExposed(String name, Set<String> exposed) {
        if (exposed.contains(name)) {
            return true;
        }
        Matcher m = SAMPLE_SUFFIX.matcher(name);
        return m.matches() && exposed.contains(m.group(1));
    }
}
