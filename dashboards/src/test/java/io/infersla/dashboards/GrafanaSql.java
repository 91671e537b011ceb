package io.infersla.dashboards;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a dashboard's SQL into the statement Grafana's PostgreSQL datasource sends, in Grafana's
 * two steps: the frontend interpolates template variables ({@code $var}, {@code ${var}},
 * {@code ${var:format}}, {@code [[var]]}) and the built-in {@code $__interval}; the backend then
 * expands the macros ({@code pkg/tsdb/grafana-postgresql-datasource/macros.go}).
 *
 * <p>What makes SQL panels break is mirrored exactly: a single-value variable that is neither
 * multi-value nor include-All is inserted raw, unquoted; multi-value and All values are quoted
 * and comma-joined; a macro's arguments end at the first {@code )} and split on every comma;
 * {@code $__timeGroup} becomes {@code time_bucket} only when the datasource says TimescaleDB.
 */
final class GrafanaSql {

    /** The selected value(s) of a dashboard variable, and how the variable is declared. */
    record Selection(List<String> values, boolean multi, boolean includeAll) {
        Selection {
            values = List.copyOf(values);
        }
    }

    record TimeRange(Instant from, Instant to) {
        Duration length() {
            return Duration.between(from, to);
        }
    }

    /** Grafana's template variable syntax (public/app/features/variables/utils.ts, variableRegex). */
    private static final Pattern VARIABLE = Pattern.compile(
            "\\$(\\w+)|\\[\\[(\\w+?)(?::(\\w+))?\\]\\]|\\$\\{(\\w+)(?:\\.([^:^}]+))?(?::([^}]+))?}");

    /** The backend's macro syntax (sqleng: {@code \$([_a-zA-Z0-9]+)\(([^\)]*)\)}). */
    private static final Pattern MACRO = Pattern.compile("\\$([_a-zA-Z0-9]+)\\(([^)]*)\\)");

    private GrafanaSql() {
    }

    /**
     * The statement Grafana sends for {@code sql}.
     *
     * @throws IllegalArgumentException for a macro Grafana does not know (Grafana answers "undefined macro")
     */
    static String expand(String sql, TimeRange range, Duration interval, Map<String, Selection> variables,
            boolean timescaledb) {
        String interpolated = interpolate(sql, range, interval, variables);
        return expandMacros(interpolated, range, timescaledb);
    }

    static String interpolate(String sql, TimeRange range, Duration interval, Map<String, Selection> variables) {
        Matcher m = VARIABLE.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(4);
            String format = m.group(3) != null ? m.group(3) : m.group(6);
            String replacement = switch (name) {
                case "__interval" -> formatInterval(interval);
                case "__interval_ms" -> Long.toString(interval.toMillis());
                case "__range_s" -> Long.toString(range.length().toSeconds());
                case "__range_ms" -> Long.toString(range.length().toMillis());
                default -> {
                    Selection selection = variables.get(name);
                    // Grafana leaves unknown names as they are ($__timeFilter is one: a macro, not a variable).
                    yield selection == null ? m.group() : format(selection, format);
                }
            };
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String format(Selection selection, String format) {
        List<String> values = selection.values();
        if (format == null) {
            // SqlDatasource.interpolateVariable: arrays (multi-value, All) are quoted and joined;
            // a string is quoted only if the variable is multi-value or include-All.
            boolean array = selection.multi() || values.size() != 1;
            if (array || selection.includeAll()) {
                return values.stream().map(GrafanaSql::quoteLiteral).collect(Collectors.joining(","));
            }
            return values.get(0);
        }
        return switch (format) {
            case "raw", "csv" -> String.join(",", values);
            case "sqlstring" -> values.stream().map(GrafanaSql::quoteLiteral).collect(Collectors.joining(","));
            case "singlequote" -> values.stream().map(v -> "'" + v.replace("'", "\\'") + "'").collect(Collectors.joining(","));
            default -> throw new IllegalArgumentException("variable format ':" + format + "' is not one this test knows");
        };
    }

    private static String quoteLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    static String expandMacros(String sql, TimeRange range, boolean timescaledb) {
        Matcher m = MACRO.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String[] args = m.group(2).split(",", -1);
            for (int i = 0; i < args.length; i++) {
                args[i] = args[i].trim();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(macro(m.group(1), args, range, timescaledb)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String macro(String name, String[] args, TimeRange range, boolean timescaledb) {
        String from = range.from().toString();
        String to = range.to().toString();
        return switch (name) {
            case "__time" -> oneArg(name, args) + " AS \"time\"";
            case "__timeEpoch" -> "extract(epoch from " + oneArg(name, args) + ") AS \"time\"";
            case "__timeFilter" -> oneArg(name, args) + " BETWEEN '" + from + "' AND '" + to + "'";
            case "__timeFrom" -> "'" + from + "'";
            case "__timeTo" -> "'" + to + "'";
            case "__timeGroup" -> timeGroup(args, timescaledb);
            case "__timeGroupAlias" -> timeGroup(args, timescaledb) + " AS \"time\"";
            case "__unixEpochFilter" -> oneArg(name, args) + " >= " + range.from().getEpochSecond() + " AND "
                    + args[0] + " <= " + range.to().getEpochSecond();
            case "__unixEpochFrom" -> Long.toString(range.from().getEpochSecond());
            case "__unixEpochTo" -> Long.toString(range.to().getEpochSecond());
            default -> throw new IllegalArgumentException("undefined macro: $" + name);
        };
    }

    private static String oneArg(String name, String[] args) {
        if (args.length == 0 || args[0].isEmpty()) {
            throw new IllegalArgumentException("missing time column argument for macro $" + name);
        }
        return args[0];
    }

    private static String timeGroup(String[] args, boolean timescaledb) {
        if (args.length < 2) {
            throw new IllegalArgumentException("macro $__timeGroup needs time column and interval, got " + List.of(args));
        }
        long seconds = parseInterval(args[1].replace("'", "")).toSeconds();
        if (timescaledb) {
            return "time_bucket('" + seconds + "s'," + args[0] + ")";
        }
        return "floor(extract(epoch from " + args[0] + ")/" + seconds + ")*" + seconds;
    }

    /** gtime.ParseInterval for the units dashboards use: 10s, 5m, 1h, 1d, 1w. */
    static Duration parseInterval(String text) {
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d|w)").matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("error parsing interval " + text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    /** How Grafana prints an interval ({@code kbn.secondsToHms}): the largest whole unit. */
    static String formatInterval(Duration interval) {
        long s = interval.toSeconds();
        if (s % 86400 == 0) {
            return s / 86400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    /**
     * The interval Grafana picks for a panel: the range over the panel's data points (about its
     * width in pixels), rounded to one of Grafana's steps ({@code rangeutil.roundInterval}).
     */
    static Duration autoInterval(TimeRange range, int maxDataPoints) {
        long ms = range.length().toMillis() / maxDataPoints;
        long[][] steps = {
            {15, 10}, {35, 20}, {75, 50}, {150, 100}, {350, 200}, {750, 500}, {1500, 1000}, {3500, 2000},
            {7500, 5000}, {12500, 10000}, {17500, 15000}, {25000, 20000}, {45000, 30000}, {90000, 60000},
            {210000, 120000}, {450000, 300000}, {750000, 600000}, {1050000, 900000}, {1500000, 1200000},
            {2700000, 1800000}, {5400000, 3600000}, {9000000, 7200000}, {16200000, 10800000},
            {32400000, 21600000}, {86400000, 43200000}, {604800000, 86400000}};
        for (long[] step : steps) {
            if (ms < step[0]) {
                return Duration.ofMillis(Math.max(step[1], 1000));
            }
        }
        return Duration.ofDays(7);
    }
}
