package io.infersla.reports.store;

import io.infersla.core.window.Slice;
import java.sql.PreparedStatement;
import org.postgresql.PGStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.OptionalDouble;

/** Column helpers shared by the report's readers and writers. */
final class Rows {

    private Rows() {
    }

    /**
     * Asks the driver for binary results at the first execution (server-side prepared at once):
     * otherwise pgjdbc prepares a statement on the server only from its fifth execution, and
     * until then sends every double, timestamp and bytea as text (bytea as hex) to be parsed back,
     * which is most of the cost of reading a month of rollups.
     */
    static <T extends PreparedStatement> T binary(T st) throws SQLException {
        st.unwrap(PGStatement.class).setPrepareThreshold(-1);
        return st;
    }

    static void setDouble(PreparedStatement st, int index, OptionalDouble value) throws SQLException {
        if (value.isPresent()) {
            st.setDouble(index, value.getAsDouble());
        } else {
            st.setNull(index, Types.DOUBLE);
        }
    }

    static OptionalDouble getDouble(ResultSet rs, int index) throws SQLException {
        double v = rs.getDouble(index);
        return rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** A slice from the columns start, count, sum, weight_sum, weighted_sum, min, max, sketch at {@code first}. */
    static Slice slice(ResultSet rs, int first) throws SQLException {
        Instant start = rs.getTimestamp(first).toInstant();
        long count = rs.getLong(first + 1);
        double min = rs.getDouble(first + 5);
        double max = rs.getDouble(first + 6);
        return Slice.ofStored(start, count, rs.getDouble(first + 2), rs.getDouble(first + 3), rs.getDouble(first + 4),
                min, max, rs.getBytes(first + 7));
    }
}
