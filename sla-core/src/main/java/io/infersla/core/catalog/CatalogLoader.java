package io.infersla.core.catalog;

import io.infersla.core.json.Json;
import io.infersla.core.json.JsonException;
import io.infersla.core.json.JsonFields;
import io.infersla.core.measure.Metric;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and validates a catalog document. Validation collects every problem before failing, and
 * each problem names where it is ({@code categories[chatbot].objectives[ttft_p95].statistic}),
 * what is allowed and what was found. Unknown fields are errors, never ignored: a misspelt
 * {@code "limt"} must not silently leave an objective without its limit.
 */
public final class CatalogLoader {

    private final List<String> problems = new ArrayList<>();

    private CatalogLoader() {
    }

    /**
     * @param source the document's name, for messages
     * @throws CatalogException listing every problem when the document is not a valid catalog
     */
    public static Catalog load(String source, String json) {
        Object document;
        try {
            document = Json.parse(source, json);
        } catch (JsonException e) {
            throw new CatalogException(source, List.of(e.getMessage()));
        }
        CatalogLoader loader = new CatalogLoader();
        Catalog catalog = loader.catalog(document);
        if (!loader.problems.isEmpty() || catalog == null) {
            throw new CatalogException(source, loader.problems);
        }
        return catalog;
    }

    private Catalog catalog(Object document) {
        JsonFields root = JsonFields.of(document, "catalog", problems);
        if (root == null) {
            return null;
        }
        root.allowOnly("catalog_version", "description", "defaults", "categories");
        Integer version = root.integer("catalog_version", true);
        Defaults defaults = defaults(root.object("defaults", true));
        List<Category> categories = new ArrayList<>();
        List<Object> items = root.list("categories", true);
        Set<String> ids = new LinkedHashSet<>();
        if (items != null) {
            for (int i = 0; i < items.size(); i++) {
                JsonFields fields = JsonFields.of(items.get(i), "categories[" + i + "]", problems);
                if (fields == null) {
                    continue;
                }
                String id = fields.string("id", true);
                if (id != null && !ids.add(id)) {
                    problems.add("categories[" + id + "].id: must be unique, '" + id + "' appears twice");
                }
                Category category = category(fields.renamed("categories[" + (id == null ? i : id) + "]"), id, defaults);
                if (category != null) {
                    categories.add(category);
                }
            }
        }
        if (version == null || defaults == null || !problems.isEmpty()) {
            return null;
        }
        return attempt("catalog", () -> new Catalog(version, categories));
    }

    private record Defaults(Duration window, Duration step, int minSamples) {
    }

    private Defaults defaults(JsonFields fields) {
        if (fields == null) {
            return null;
        }
        fields.allowOnly("window", "step", "min_samples");
        Duration window = fields.duration("window", true);
        Duration step = fields.duration("step", true);
        Integer minSamples = fields.integer("min_samples", true);
        return window == null || step == null || minSamples == null ? null : new Defaults(window, step, minSamples);
    }

    private Category category(JsonFields fields, String id, Defaults defaults) {
        fields.allowOnly("id", "name", "group", "use_case", "model_type", "envelope", "notes", "objectives");
        String name = fields.string("name", true);
        String group = fields.string("group", false);
        String useCase = fields.string("use_case", false);
        String modelType = fields.string("model_type", false);
        String notes = fields.string("notes", false);
        TrafficEnvelope envelope = envelope(fields.object("envelope", true));
        List<Objective> objectives = new ArrayList<>();
        List<Object> items = fields.list("objectives", true);
        if (items != null) {
            if (items.isEmpty()) {
                problems.add(fields.path() + ".objectives: must list at least one objective, was empty");
            }
            for (int i = 0; i < items.size(); i++) {
                JsonFields objectiveFields = JsonFields.of(items.get(i), fields.path() + ".objectives[" + i + "]", problems);
                if (objectiveFields == null) {
                    continue;
                }
                String objectiveId = objectiveFields.string("id", true);
                Objective objective = objective(
                        objectiveFields.renamed(fields.path() + ".objectives[" + (objectiveId == null ? i : objectiveId) + "]"),
                        objectiveId, defaults);
                if (objective != null) {
                    objectives.add(objective);
                }
            }
        }
        if (id == null || envelope == null || defaults == null || items == null || objectives.size() != items.size()) {
            return null; // the problems are recorded; a category missing a broken objective would only add noise
        }
        return attempt(fields.path(),
                () -> new Category(id, name, group, useCase, modelType, envelope, notes, objectives));
    }

    private Objective objective(JsonFields fields, String id, Defaults defaults) {
        fields.allowOnly("id", "metric", "statistic", "direction", "target", "limit", "window", "step",
                "min_samples", "when", "unless", "rationale");
        Metric metric = fields.choice("metric", true, Metric::fromId, Metric.allIds());
        Statistic statistic = fields.choice("statistic", true, Statistic::parse, Statistic.ALLOWED);
        Direction direction = fields.choice("direction", true, Direction::fromId, "upper, lower");
        Double target = fields.number("target", false);
        Double limit = fields.number("limit", false);
        Duration window = fields.duration("window", false);
        Duration step = fields.duration("step", false);
        Integer minSamples = fields.integer("min_samples", false);
        String rationale = fields.string("rationale", false);
        List<Condition> conditions = new ArrayList<>();
        conditions(fields.object("when", false), false, conditions);
        conditions(fields.object("unless", false), true, conditions);

        if ((target == null) != (limit == null)) {
            problems.add(fields.path() + ": target and limit must be given together (both absent = reported only), was "
                    + (target == null ? "limit " + limit + " without a target" : "target " + target + " without a limit"));
            return null;
        }
        if (metric != null && statistic != null && !fitsMetric(statistic, metric)) {
            problems.add(fields.path() + ".statistic: '" + statistic.id() + "' does not apply to metric "
                    + metric.id() + " (" + fitRule(statistic) + ")");
            return null;
        }
        if (id == null || metric == null || statistic == null || direction == null || defaults == null) {
            return null;
        }
        Optional<Threshold> threshold = target == null
                ? Optional.empty()
                : Optional.ofNullable(attempt(fields.path(), () -> new Threshold(direction, target, limit)));
        if (target != null && threshold.isEmpty()) {
            return null;
        }
        Duration effectiveWindow = window != null ? window : defaults.window();
        Duration effectiveStep = step != null ? step : defaults.step();
        int effectiveMinSamples = minSamples != null ? minSamples : defaults.minSamples();
        return attempt(fields.path(), () -> new Objective(id, metric, statistic, direction, threshold,
                effectiveWindow, effectiveStep, effectiveMinSamples, conditions, rationale));
    }

    private static boolean fitsMetric(Statistic statistic, Metric metric) {
        if (statistic instanceof Statistic.CostPerMillionTokens) {
            return metric == Metric.COST_USD;
        }
        if (statistic instanceof Statistic.WeightedMean) {
            return metric.weightMeaning().isPresent();
        }
        return true;
    }

    private static String fitRule(Statistic statistic) {
        return statistic instanceof Statistic.CostPerMillionTokens
                ? "only cost_usd, weighted by tokens, has a cost per million tokens"
                : "only metrics with a weight (wer, cost_usd) have a weighted mean";
    }

    private void conditions(JsonFields fields, boolean negated, List<Condition> into) {
        if (fields == null) {
            return;
        }
        for (String key : fields.keys()) {
            Optional<Condition.Dimension> dimension = Condition.Dimension.fromId(key);
            if (dimension.isEmpty()) {
                problems.add(fields.path() + "." + key + ": must be one of hardware, model_size, was '" + key + "'");
                continue;
            }
            List<Object> values = fields.list(key, true);
            if (values == null) {
                continue;
            }
            List<String> strings = new ArrayList<>();
            for (Object value : values) {
                if (value instanceof String s) {
                    strings.add(s);
                } else {
                    problems.add(fields.path() + "." + key + ": values must be strings, was " + JsonFields.describe(value));
                }
            }
            Condition condition = attempt(fields.path(), () -> new Condition(dimension.get(), negated, Set.copyOf(strings)));
            if (condition != null) {
                into.add(condition);
            }
        }
    }

    private TrafficEnvelope envelope(JsonFields fields) {
        if (fields == null) {
            return null;
        }
        fields.allowOnly("input", "output", "batch", "load", "qps", "load_note");
        Optional<Quantity> input = quantity(fields.object("input", false));
        Optional<Quantity> output = quantity(fields.object("output", false));
        Optional<Range> batch = range(fields.object("batch", false));
        Optional<Range> qps = range(fields.object("qps", false));
        LoadClass load = fields.choice("load", true, LoadClass::fromId,
                "very_low, low, medium, high, very_high, steady, none");
        String note = fields.string("load_note", false);
        if (load == null) {
            return null;
        }
        return attempt(fields.path(), () -> new TrafficEnvelope(input, output, batch, load, qps, note));
    }

    private Optional<Quantity> quantity(JsonFields fields) {
        if (fields == null) {
            return Optional.empty();
        }
        fields.allowOnly("unit", "min", "max");
        String unit = fields.string("unit", true);
        Optional<Range> range = rangeOf(fields);
        return unit == null ? Optional.empty() : Optional.ofNullable(attempt(fields.path(), () -> new Quantity(unit, range)));
    }

    private Optional<Range> range(JsonFields fields) {
        if (fields == null) {
            return Optional.empty();
        }
        fields.allowOnly("min", "max");
        return rangeOf(fields);
    }

    private Optional<Range> rangeOf(JsonFields fields) {
        Double min = fields.number("min", false);
        Double max = fields.number("max", false);
        if (min == null && max == null) {
            return Optional.empty();
        }
        if (min == null || max == null) {
            problems.add(fields.path() + ": min and max must be given together, was min " + min + ", max " + max);
            return Optional.empty();
        }
        return Optional.ofNullable(attempt(fields.path(), () -> new Range(min, max)));
    }

    /** Runs a record constructor and turns its validation message into a located problem. */
    private <T> T attempt(String path, java.util.function.Supplier<T> construct) {
        try {
            return construct.get();
        } catch (IllegalArgumentException e) {
            problems.add(path + ": " + e.getMessage());
            return null;
        }
    }
}
