package io.infersla.engine.api;

import io.infersla.core.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Query rows as JSON-ready maps: timestamps as ISO-8601 instants, jsonb columns parsed. */
final class Rows {

    private Rows() {
    }

    static List<Map<String, Object>> query(DataSource db, String sql, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int col = 1; col <= meta.getColumnCount(); col++) {
                        row.put(meta.getColumnLabel(col), value(rs, col, meta.getColumnTypeName(col)));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw ApiProblem.databaseUnavailable(e);
        }
    }

    private static Object value(ResultSet rs, int col, String type) throws SQLException {
        Object value = rs.getObject(col);
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant().toString();
        }
        if (type.equals("jsonb") || type.equals("json")) {
            return Json.parse("column " + col, rs.getString(col));
        }
        return value;
    }
}
