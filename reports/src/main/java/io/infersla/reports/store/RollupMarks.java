package io.infersla.reports.store;

import io.infersla.core.report.StatusTime;
import io.infersla.core.request.SeriesKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Marks the hours whose raw rows a transaction writes as not rolled up ({@code sla.rollup_pending}),
 * in that same transaction, so a report never reads a stale rollup: it reads the raw rows of a
 * marked hour instead, and the rollup job clears the mark when it has rolled the hour up again.
 */
public final class RollupMarks {

    private final Set<Mark> marks = new LinkedHashSet<>();

    private record Mark(SeriesKey series, Instant hour) {
    }

    /** A one-minute window-stats slice starting at {@code sliceStart}. */
    public void windowStats(SeriesKey series, Instant sliceStart) {
        marks.add(new Mark(series, sliceStart.truncatedTo(ChronoUnit.HOURS)));
    }

    /**
     * An evaluation at {@code at}: its status time may fall in the next hour, and it shortens the
     * previous evaluation's, which may lie in the hour before.
     */
    public void evaluation(SeriesKey series, Instant at) {
        long resolution = StatusTime.RESOLUTION.toSeconds();
        for (Instant t : new Instant[] {at.minusSeconds(resolution), at, at.plusSeconds(resolution)}) {
            marks.add(new Mark(series, t.truncatedTo(ChronoUnit.HOURS)));
        }
    }

    public boolean isEmpty() {
        return marks.isEmpty();
    }

    /** Writes the marks with the caller's connection (and transaction). */
    public void write(Connection db) throws SQLException {
        if (marks.isEmpty()) {
            return;
        }
        try (PreparedStatement st = db.prepareStatement("""
                INSERT INTO sla.rollup_pending (series_key, tenant, contract, hour) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")) {
            for (Mark mark : marks) {
                st.setString(1, mark.series().canonical());
                st.setString(2, mark.series().tenant());
                st.setString(3, mark.series().contract());
                st.setTimestamp(4, Timestamp.from(mark.hour()));
                st.addBatch();
            }
            st.executeBatch();
        }
        marks.clear();
    }
}
