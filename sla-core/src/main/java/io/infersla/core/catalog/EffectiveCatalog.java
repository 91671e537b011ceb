package io.infersla.core.catalog;

import io.infersla.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog as JSON with every default applied: what {@code ./infersla catalog} prints
 * ({@code io.infersla.loadgen.cli.CatalogCommand}) and
 * {@code /api/v1/catalog} serves. Each objective spells out its window, step, minimum samples,
 * unit and thresholds, so a reader needs nothing else to know what is enforced.
 */
public final class EffectiveCatalog {

    private EffectiveCatalog() {
    }

    public static String toJson(Catalog catalog) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("catalog_version", catalog.version());
        List<Object> categories = new ArrayList<>();
        for (Category category : catalog.categories()) {
            categories.add(category(category));
        }
        root.put("categories", categories);
        return Json.write(root);
    }

    private static Map<String, Object> category(Category category) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", category.id());
        out.put("name", category.name());
        out.put("group", category.group());
        out.put("use_case", category.useCase());
        out.put("model_type", category.modelType());
        out.put("envelope", envelope(category.envelope()));
        out.put("notes", category.notes());
        List<Object> objectives = new ArrayList<>();
        for (Objective objective : category.objectives()) {
            objectives.add(objective(objective));
        }
        out.put("objectives", objectives);
        return out;
    }

    private static Map<String, Object> objective(Objective objective) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", objective.id());
        out.put("metric", objective.metric().id());
        out.put("unit", objective.metric().unit().symbol());
        out.put("statistic", objective.statistic().id());
        out.put("direction", objective.direction().id());
        out.put("target", objective.threshold().map(Threshold::target).orElse(null));
        out.put("limit", objective.threshold().map(Threshold::limit).orElse(null));
        out.put("report_only", objective.isReportOnly());
        out.put("window", DurationText.format(objective.window()));
        out.put("step", DurationText.format(objective.step()));
        out.put("min_samples", objective.minSamples());
        List<Object> conditions = new ArrayList<>();
        for (Condition condition : objective.conditions()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("dimension", condition.dimension().id());
            c.put("operator", condition.negated() ? "not_in" : "in");
            c.put("values", condition.values().stream().sorted().map(v -> (Object) v).toList());
            conditions.add(c);
        }
        out.put("conditions", conditions);
        out.put("rationale", objective.rationale());
        return out;
    }

    private static Map<String, Object> envelope(TrafficEnvelope envelope) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("input", envelope.input().map(EffectiveCatalog::quantity).orElse(null));
        out.put("output", envelope.output().map(EffectiveCatalog::quantity).orElse(null));
        out.put("batch", range(envelope.batch()));
        out.put("load", envelope.load().id());
        out.put("qps", range(envelope.qps()));
        out.put("load_note", envelope.loadNote());
        return out;
    }

    private static Map<String, Object> quantity(Quantity quantity) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("unit", quantity.unit());
        quantity.range().ifPresent(r -> {
            out.put("min", r.min());
            out.put("max", r.max());
        });
        return out;
    }

    private static Map<String, Object> range(Optional<Range> range) {
        if (range.isEmpty()) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("min", range.get().min());
        out.put("max", range.get().max());
        return out;
    }
}
