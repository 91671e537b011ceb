package io.infersla.core.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * When regenerating a month stores a new revision, and what that revision says about itself.
 * Revisions form a chain: each carries the previous revision's SHA-256 inside the hashed body, so
 * no stored revision can change, or be dropped, without breaking every later hash.
 *
 * <ul>
 *   <li>no revision yet: revision 1;
 *   <li>figures unchanged and the status unchanged: nothing is stored;
 *   <li>a provisional month whose figures changed (late data, a contract correction): a new
 *       provisional revision;
 *   <li>a month that became final: a final revision, even when its figures did not change;
 *   <li>a final month whose figures changed: a new final revision marked as a correction,
 *       listing what changed.
 * </ul>
 */
public final class ReportRevisions {

    /** Listing every changed figure of a large contract would bury the ones that matter. */
    static final int MAX_CHANGES = 50;

    private ReportRevisions() {
    }

    /** A stored revision: its number, status, hash and body. */
    public record Stored(int number, String status, String sha256, Map<String, Object> body) {
        public Stored {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(body, "body");
        }
    }

    /** A revision to store: its canonical bytes and their SHA-256. */
    public record Next(int number, String status, boolean correction, byte[] body, String sha256) {
    }

    /**
     * @param latest the month's latest stored revision
     * @param figures the month's figures now ({@link MonthlyReport#figures})
     * @param isFinal whether the month is closed for good (its end + the late-data bound + grace is past)
     * @return the revision to store, or empty when nothing changed
     */
    public static Optional<Next> next(Optional<Stored> latest, Map<String, Object> figures, boolean isFinal, Instant generatedAt) {
        String status = isFinal ? "final" : "provisional";
        Object normalized = CanonicalJson.normalize(figures);
        List<String> changes = List.of();
        boolean correction = false;
        if (latest.isPresent()) {
            Map<String, Object> previousFigures = figuresOf(latest.get().body());
            boolean same = CanonicalJson.normalize(previousFigures).equals(normalized);
            boolean wasFinal = latest.get().status().equals("final");
            if (same && (wasFinal || !isFinal)) {
                return Optional.empty();
            }
            changes = changes(previousFigures, figures);
            correction = wasFinal;
        }
        Map<String, Object> revision = new LinkedHashMap<>();
        int number = latest.map(s -> s.number() + 1).orElse(1);
        revision.put("number", number);
        revision.put("status", status);
        revision.put("correction", correction);
        revision.put("previous_sha256", latest.map(Stored::sha256).orElse(null));
        revision.put("changes", changes);
        revision.put("generated_at", generatedAt.toString());
        Map<String, Object> body = new LinkedHashMap<>(figures);
        body.put("revision", revision);
        byte[] bytes = CanonicalJson.write(body);
        return Optional.of(new Next(number, status, correction, bytes, CanonicalJson.sha256(bytes)));
    }

    /** A stored body without its revision block: what two revisions are compared by. */
    public static Map<String, Object> figuresOf(Map<String, Object> body) {
        Map<String, Object> figures = new LinkedHashMap<>(body);
        figures.remove("revision");
        return figures;
    }

    /**
     * What differs, at most {@value #MAX_CHANGES} lines: a leaf figure as {@code path: old → new};
     * a series, objective, episode or day that only one side has as one line
     * ({@code series[...]: added}), not one line per figure inside it.
     */
    static List<String> changes(Object before, Object after) {
        Map<String, Object> a = new TreeMap<>();
        Map<String, Object> b = new TreeMap<>();
        flatten("", CanonicalJson.normalize(before), a);
        flatten("", CanonicalJson.normalize(after), b);
        java.util.Set<String> elementsBefore = elements(a.keySet());
        java.util.Set<String> elementsAfter = elements(b.keySet());
        java.util.LinkedHashSet<String> lines = new java.util.LinkedHashSet<>();
        TreeMap<String, Object> keys = new TreeMap<>(a);
        keys.putAll(b);
        for (String path : keys.keySet()) {
            Object x = a.get(path);
            Object y = b.get(path);
            if (Objects.equals(x, y)) {
                continue;
            }
            String added = firstElementMissing(path, elementsBefore);
            String removed = firstElementMissing(path, elementsAfter);
            if (added != null) {
                lines.add(added + ": added");
            } else if (removed != null) {
                lines.add(removed + ": removed");
            } else {
                lines.add(path + ": " + text(x, a.containsKey(path)) + " → " + text(y, b.containsKey(path)));
            }
        }
        List<String> out = new ArrayList<>(lines.stream().limit(MAX_CHANGES).toList());
        if (lines.size() > out.size()) {
            out.add("… and " + (lines.size() - out.size()) + " more");
        }
        return out;
    }

    /** Every list element a set of flattened paths passes through, e.g. {@code series[k]}, {@code series[k].episodes[e]}. */
    private static java.util.Set<String> elements(java.util.Set<String> paths) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (String path : paths) {
            for (int i = path.indexOf(']'); i >= 0; i = path.indexOf(']', i + 1)) {
                out.add(path.substring(0, i + 1));
            }
        }
        return out;
    }

    /** The outermost list element on {@code path} that {@code elements} lacks, or null. */
    private static String firstElementMissing(String path, java.util.Set<String> elements) {
        for (int i = path.indexOf(']'); i >= 0; i = path.indexOf(']', i + 1)) {
            String element = path.substring(0, i + 1);
            if (!elements.contains(element)) {
                return element;
            }
        }
        return null;
    }

    private static String text(Object value, boolean present) {
        if (!present) {
            return "(absent)";
        }
        return value == null ? "null" : value instanceof java.math.BigDecimal d ? d.toPlainString() : String.valueOf(value);
    }

    /** Lists of objects are keyed by their identity fields, so an inserted series does not shift every index. */
    private static void flatten(String path, Object value, Map<String, Object> out) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(path.isEmpty() ? String.valueOf(k) : path + "." + k, v, out));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(path + "[" + identity(list.get(i), i) + "]", list.get(i), out);
            }
        } else {
            out.put(path, value);
        }
    }

    private static String identity(Object item, int index) {
        if (item instanceof Map<?, ?> map) {
            List<String> parts = new ArrayList<>();
            for (String key : List.of("series_key", "category", "objective", "episode_id", "date", "id", "reason")) {
                Object v = map.get(key);
                if (v != null) {
                    parts.add(String.valueOf(v));
                }
            }
            if (!parts.isEmpty()) {
                return String.join(" ", parts);
            }
        }
        return String.valueOf(index);
    }
}
