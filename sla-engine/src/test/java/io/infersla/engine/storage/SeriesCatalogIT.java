package io.infersla.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersla.core.evaluate.Status;
import io.infersla.core.request.SeriesKey;
import io.infersla.engine.storage.ResultRows.Keyed;
import io.infersla.engine.topic.EvaluationRecord;
import io.infersla.migrations.Migrations;
import io.infersla.testsupport.PostgresDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The series catalog (sla.series) as the storage writer keeps it, on a real PostgreSQL. */
class SeriesCatalogIT {

    static final SeriesKey CHAT = new SeriesKey("acme", "gold", "chat|api", "prod", "llama", "chatbot", "gpu", "");
    static final SeriesKey ASR = new SeriesKey("acme", "gold", "asr", "", "", "speech-to-text", "", "");
    PostgresDatabase db;

    @BeforeEach
    void migrate() {
        db = PostgresDatabase.create();
        Migrations.apply(db.dataSource());
    }

    @AfterEach
    void drop() {
        db.close();
    }

    static Keyed<EvaluationRecord> evaluation(SeriesKey series, String at) {
        return new Keyed<>(series, new EvaluationRecord("ttft_p95", "ttft_ms", "p95", Instant.parse(at), 300,
                OptionalDouble.of(120), OptionalDouble.of(200), OptionalDouble.of(300), 50, Status.OK, Optional.empty()));
    }

    void write(List<Keyed<EvaluationRecord>> evaluations) throws Exception {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            ResultRows.writeEvaluations(c, evaluations);
            ResultRows.writeSeries(c, evaluations);
            c.commit();
        }
    }

    List<String> catalog() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                SELECT series_key, tenant, contract, service, environment, model, category,
                       to_char(first_hour AT TIME ZONE 'UTC', 'MM-DD HH24:MI'), to_char(last_hour AT TIME ZONE 'UTC', 'MM-DD HH24:MI')
                FROM sla.series ORDER BY series_key""")) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= 9; i++) {
                    row.add(rs.getString(i));
                }
                out.add(String.join(" ; ", row));
            }
        }
        return out;
    }

    long rowVersion(String seriesKey) throws Exception {
        try (Connection c = db.connection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT xmin::text::bigint FROM sla.series WHERE series_key = '" + seriesKey + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aSeriesIsCataloguedWithItsPartsAsThePanelsSplitThemAndTheHoursOfItsEvaluations() throws Exception {
        write(List.of(evaluation(CHAT, "2026-12-01T10:59:00Z"), evaluation(CHAT, "2026-12-01T10:05:00Z"),
                evaluation(ASR, "2026-12-01T10:30:00Z"), evaluation(CHAT, "2026-12-01T11:00:00Z")));

        assertThat(catalog()).containsExactly(
                // the service part keeps its escaped '|' (%7C), as split_part over series_key gives it
                "acme|gold|asr|||speech-to-text|| ; acme ; gold ; asr ;  ;  ; speech-to-text ; 12-01 10:00 ; 12-01 10:00",
                "acme|gold|chat%7Capi|prod|llama|chatbot|gpu| ; acme ; gold ; chat%7Capi ; prod ; llama ; chatbot ; 12-01 10:00 ; 12-01 11:00");
    }

    @Test
    void laterAndEarlierEvaluationsWidenTheHoursAndOnesInsideThemLeaveTheRowAlone() throws Exception {
        write(List.of(evaluation(CHAT, "2026-12-01T10:05:00Z")));
        long version = rowVersion(CHAT.canonical());

        write(List.of(evaluation(CHAT, "2026-12-01T10:06:00Z")));
        assertThat(rowVersion(CHAT.canonical())).as("no update inside the hours it already covers").isEqualTo(version);

        write(List.of(evaluation(CHAT, "2026-12-01T12:01:00Z")));
        write(List.of(evaluation(CHAT, "2026-11-30T23:59:00Z")));
        assertThat(catalog()).singleElement().asString().endsWith("11-30 23:00 ; 12-01 12:00");
        assertThat(rowVersion(CHAT.canonical())).isNotEqualTo(version);
    }
}
