package io.infersla.engine.topology;

import io.infersla.core.breach.BreachEpisode;
import io.infersla.core.breach.BreachState;
import io.infersla.core.breach.Severity;
import io.infersla.core.evaluate.Status;
import io.infersla.core.json.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A series' metadata in the state store: next evaluation boundaries, and per objective the
 * breach state and last stored status. JSON: written once per evaluation step at most, read
 * once when a task starts, and readable when debugging a changelog.
 */
final class SeriesMetaCodec {

    private SeriesMetaCodec() {
    }

    static byte[] encode(SeriesState series) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> next = new LinkedHashMap<>();
        series.nextBoundary.forEach((step, boundary) -> next.put(Long.toString(step), boundary));
        root.put("next", next);
        root.put("active_since", series.activeSinceMs == Long.MAX_VALUE ? null : series.activeSinceMs);
        Map<String, Object> objectives = new LinkedHashMap<>();
        series.objectiveStates.forEach((id, state) -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("last_stored", state.lastStored == null ? null : state.lastStored.id());
            BreachState b = state.breach;
            o.put("bad", b.badStreak());
            o.put("breaching", b.breachStreak());
            o.put("clear", b.clearStreak());
            o.put("bad_since", b.badStreakStart().map(Instant::toEpochMilli).orElse(null));
            o.put("episode", b.open().map(SeriesMetaCodec::episode).orElse(null));
            objectives.put(id, o);
        });
        root.put("objectives", objectives);
        return Json.writeCompact(root).getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> episode(BreachEpisode e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", e.id());
        out.put("severity", e.severity().id());
        out.put("started_at", e.startedAt().toEpochMilli());
        out.put("opened_at", e.openedAt().toEpochMilli());
        out.put("peak_value", Double.isNaN(e.peakValue()) ? null : e.peakValue());
        out.put("peak_at", e.peakAt().toEpochMilli());
        return out;
    }

    @SuppressWarnings("unchecked")
    static void decodeInto(byte[] bytes, SeriesState series) {
        Map<String, Object> root = (Map<String, Object>) Json.parse("series state", new String(bytes, StandardCharsets.UTF_8));
        if (root.get("active_since") instanceof BigDecimal since) {
            series.activeSinceMs = since.longValueExact();
        }
        ((Map<String, Object>) root.get("next")).forEach((step, boundary) ->
                series.nextBoundary.put(Long.parseLong(step), ((BigDecimal) boundary).longValueExact()));
        ((Map<String, Object>) root.get("objectives")).forEach((id, value) -> {
            SeriesState.ObjectiveState state = series.objectiveStates.get(id);
            if (state == null) {
                return; // the objective left the catalog: its state goes with it
            }
            Map<String, Object> o = (Map<String, Object>) value;
            String last = (String) o.get("last_stored");
            state.lastStored = last == null ? null
                    : Arrays.stream(Status.values()).filter(s -> s.id().equals(last)).findFirst().orElse(null);
            Map<String, Object> e = (Map<String, Object>) o.get("episode");
            Optional<BreachEpisode> episode = e == null ? Optional.empty() : Optional.of(new BreachEpisode(
                    (String) e.get("id"),
                    Severity.valueOf(((String) e.get("severity")).toUpperCase(java.util.Locale.ROOT)),
                    Instant.ofEpochMilli(((BigDecimal) e.get("started_at")).longValueExact()),
                    Instant.ofEpochMilli(((BigDecimal) e.get("opened_at")).longValueExact()),
                    e.get("peak_value") == null ? Double.NaN : ((BigDecimal) e.get("peak_value")).doubleValue(),
                    Instant.ofEpochMilli(((BigDecimal) e.get("peak_at")).longValueExact()),
                    Optional.empty()));
            Object badSince = o.get("bad_since");
            state.breach = new BreachState(episode, ((BigDecimal) o.get("bad")).intValueExact(),
                    ((BigDecimal) o.get("breaching")).intValueExact(), ((BigDecimal) o.get("clear")).intValueExact(),
                    badSince == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(((BigDecimal) badSince).longValueExact())));
        });
    }
}
