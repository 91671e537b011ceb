package io.infersla.core.contract;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.catalog.Category;
import io.infersla.core.json.JsonFields;
import io.infersla.core.catalog.Objective;
import io.infersla.core.json.Json;
import io.infersla.core.json.JsonException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Contract terms as JSON: the {@code objectives} section of a contract definition
 * ({@code sla.contracts.definition}), and the whole terms as the engine receives them on its
 * contract-terms topic. Reading validates against the catalog and collects every problem, each
 * naming its path, the allowed values and the value found.
 *
 * <pre>
 * "objectives": {
 *   "chatbot":   { "ttft_p95": { "target": 400, "limit": 800, "min_samples": 50 },
 *                  "e2e_tail_ratio": { "off": true } },
 *   "llm-batch": { "cost_per_1m_tokens": { "limit": 2.5 } }
 * }
 * </pre>
 */
public final class ContractTermsJson {

    /** What describes how a window is computed; the engine sizes its state by the catalog's. */
    private static final Set<String> NOT_OVERRIDABLE = Set.of("window", "step", "statistic", "metric", "direction", "when", "unless");

    private ContractTermsJson() {
    }

    /**
     * Reads the {@code objectives} section of a contract definition (other sections belong to
     * other readers and are ignored here).
     *
     * @param where the document's name for messages, e.g. {@code contracts[acme/default]}
     * @throws ContractTermsException listing every problem
     */
    public static Map<String, Map<String, ObjectiveTerms>> objectives(Catalog catalog, String where, Object definition) {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, ObjectiveTerms>> out = new LinkedHashMap<>();
        JsonFields root = JsonFields.of(definition, where, problems);
        if (root != null) {
            JsonFields section = root.object("objectives", false);
            if (section != null) {
                readObjectives(catalog, section, problems, out);
            }
        }
        if (!problems.isEmpty()) {
            throw new ContractTermsException(where, problems);
        }
        return out;
    }

    private static void readObjectives(Catalog catalog, JsonFields section, List<String> problems,
            Map<String, Map<String, ObjectiveTerms>> out) {
        for (String categoryId : section.keys()) {
            Optional<Category> category = catalog.category(categoryId);
            if (category.isEmpty()) {
                problems.add(section.path() + "." + categoryId + ": unknown category; the catalog has "
                        + String.join(", ", catalog.categories().stream().map(Category::id).toList()));
                continue;
            }
            JsonFields byObjective = section.object(categoryId, true);
            if (byObjective == null) {
                continue;
            }
            Map<String, ObjectiveTerms> terms = new LinkedHashMap<>();
            for (String objectiveId : byObjective.keys()) {
                Optional<Objective> base = category.get().objective(objectiveId);
                if (base.isEmpty()) {
                    problems.add(byObjective.path() + "." + objectiveId + ": unknown objective of " + categoryId
                            + "; it has " + String.join(", ", category.get().objectives().stream().map(Objective::id).toList()));
                    continue;
                }
                JsonFields fields = byObjective.object(objectiveId, true);
                ObjectiveTerms read = fields == null ? null : objectiveTerms(fields, base.get(), problems);
                if (read != null) {
                    terms.put(objectiveId, read);
                }
            }
            out.put(categoryId, Map.copyOf(terms));
        }
    }

    private static ObjectiveTerms objectiveTerms(JsonFields fields, Objective base, List<String> problems) {
        for (String key : fields.keys()) {
            if (NOT_OVERRIDABLE.contains(key)) {
                problems.add(fields.path() + "." + key + ": cannot be set by a contract (windows, steps and statistics"
                        + " come from the catalog); allowed: target, limit, min_samples, off, basis");
            }
        }
        Set<String> allowed = Set.of("target", "limit", "min_samples", "off", "basis");
        List<String> unknown = fields.keys().stream().filter(k -> !allowed.contains(k) && !NOT_OVERRIDABLE.contains(k)).toList();
        for (String key : unknown) {
            problems.add(fields.path() + "." + key + ": unknown field; allowed: target, limit, min_samples, off, basis");
        }
        Double target = fields.number("target", false);
        Double limit = fields.number("limit", false);
        Integer minSamples = fields.integer("min_samples", false);
        Object off = fields.map().get("off");
        if (off != null && !(off instanceof Boolean)) {
            problems.add(fields.path() + ".off: must be true or false, was " + JsonFields.describe(off));
            return null;
        }
        int before = problems.size();
        String basis = fields.string("basis", false);
        if (basis != null && !basis.equals("delivered") && !basis.equals("per_request")) {
            problems.add(fields.path() + ".basis: must be per_request (the catalog's) or delivered, was '" + basis + "'");
        }
        if (minSamples != null && minSamples < 1) {
            problems.add(fields.path() + ".min_samples: must be >= 1, was " + minSamples);
        }
        if (problems.size() > before) {
            return null;
        }
        ObjectiveTerms terms = new ObjectiveTerms(
                target == null ? OptionalDouble.empty() : OptionalDouble.of(target),
                limit == null ? OptionalDouble.empty() : OptionalDouble.of(limit),
                minSamples == null ? OptionalInt.empty() : OptionalInt.of(minSamples),
                Boolean.TRUE.equals(off), "delivered".equals(basis));
        try {
            terms.applyTo(base);
        } catch (IllegalArgumentException e) {
            problems.add(fields.path() + ": " + e.getMessage());
            return null;
        }
        return terms;
    }

    /** The terms as the engine's contract-terms topic carries them. */
    public static byte[] encode(ContractTerms terms) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenant", terms.tenant());
        out.put("contract", terms.contract());
        Map<String, Object> objectives = new LinkedHashMap<>();
        terms.objectives().forEach((category, byId) -> {
            Map<String, Object> ids = new LinkedHashMap<>();
            byId.forEach((id, t) -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                t.target().ifPresent(v -> fields.put("target", v));
                t.limit().ifPresent(v -> fields.put("limit", v));
                t.minSamples().ifPresent(v -> fields.put("min_samples", v));
                if (t.off()) {
                    fields.put("off", true);
                }
                if (t.delivered()) {
                    fields.put("basis", "delivered");
                }
                ids.put(id, fields);
            });
            objectives.put(category, ids);
        });
        out.put("objectives", objectives);
        List<Object> windows = new ArrayList<>();
        for (MaintenanceWindow w : terms.maintenance()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("id", w.id());
            fields.put("starts_at", w.start().toString());
            fields.put("ends_at", w.end().toString());
            w.service().ifPresent(v -> fields.put("service", v));
            w.category().ifPresent(v -> fields.put("category", v));
            w.model().ifPresent(v -> fields.put("model", v));
            fields.put("reason", w.reason());
            windows.add(fields);
        }
        out.put("maintenance", windows);
        return Json.writeCompact(out).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads terms from the contract-terms topic, validating them against this engine's catalog.
     *
     * @throws ContractTermsException listing every problem
     */
    public static ContractTerms decode(Catalog catalog, byte[] bytes) {
        String where = "contract terms";
        Object document;
        try {
            document = Json.parse(where, new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonException e) {
            throw new ContractTermsException(where, List.of(e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        JsonFields root = JsonFields.of(document, where, problems);
        if (root == null) {
            throw new ContractTermsException(where, problems);
        }
        root.allowOnly("tenant", "contract", "objectives", "maintenance");
        String tenant = root.string("tenant", true);
        String contract = root.string("contract", true);
        Map<String, Map<String, ObjectiveTerms>> objectives = new LinkedHashMap<>();
        JsonFields section = root.object("objectives", false);
        if (section != null) {
            readObjectives(catalog, section, problems, objectives);
        }
        List<MaintenanceWindow> maintenance = new ArrayList<>();
        List<Object> windows = root.list("maintenance", false);
        if (windows != null) {
            for (int i = 0; i < windows.size(); i++) {
                JsonFields w = JsonFields.of(windows.get(i), where + ".maintenance[" + i + "]", problems);
                MaintenanceWindow window = w == null ? null : maintenanceWindow(w, problems);
                if (window != null) {
                    maintenance.add(window);
                }
            }
        }
        if (!problems.isEmpty() || tenant == null || contract == null) {
            throw new ContractTermsException(where, problems);
        }
        return new ContractTerms(tenant, contract, objectives, maintenance);
    }

    private static MaintenanceWindow maintenanceWindow(JsonFields w, List<String> problems) {
        w.allowOnly("id", "starts_at", "ends_at", "service", "category", "model", "reason");
        Object id = w.map().get("id");
        if (!(id instanceof java.math.BigDecimal number)) {
            problems.add(w.path() + ".id: must be a number, was " + JsonFields.describe(id));
            return null;
        }
        return maintenanceWindow(w, number.longValue(), problems);
    }

    /**
     * Reads a maintenance window's {@code starts_at}, {@code ends_at}, {@code service},
     * {@code category}, {@code model} and {@code reason}, adding every problem with its path.
     *
     * @return the window, or null when a problem was added
     */
    public static MaintenanceWindow maintenanceWindow(JsonFields w, long id, List<String> problems) {
        Instant start = w.instant("starts_at", true);
        Instant end = w.instant("ends_at", true);
        String service = w.string("service", false);
        String category = w.string("category", false);
        String model = w.string("model", false);
        String reason = w.string("reason", false);
        if (start == null || end == null) {
            return null;
        }
        if (!end.isAfter(start)) {
            problems.add(w.path() + ".ends_at: must be after starts_at " + start + ", was " + end);
            return null;
        }
        return new MaintenanceWindow(id, start, end, Optional.ofNullable(service), Optional.ofNullable(category),
                Optional.ofNullable(model), reason);
    }
}
