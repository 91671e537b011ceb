package io.infersla.reports.store;

import io.infersla.core.report.CanonicalJson;
import io.infersla.core.report.ReportRevisions;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Stored report revisions ({@code sla.reports}): append only, one chain per contract and month. */
public final class ReportStore {

    private ReportStore() {
    }

    /** A stored revision without its body, for listings. */
    public record Revision(YearMonth month, int number, String status, boolean correction, String sha256,
            String previousSha256, Instant createdAt) {
    }

    /** A stored revision with its canonical JSON body. */
    public record Report(Revision revision, byte[] body) {
    }

    public static List<Revision> list(Connection db, String tenant, String contract) throws SQLException {
        List<Revision> out = new ArrayList<>();
        try (PreparedStatement st = db.prepareStatement("""
                SELECT month, revision, status, correction, sha256, previous_sha256, created_at FROM sla.reports
                WHERE tenant = ? AND contract = ? ORDER BY month DESC, revision DESC""")) {
            st.setString(1, tenant);
            st.setString(2, contract);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(revision(rs));
                }
            }
        }
        return out;
    }

    /** The latest revision, or the given one. */
    public static Optional<Report> get(Connection db, String tenant, String contract, YearMonth month,
            Optional<Integer> number) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("""
                SELECT month, revision, status, correction, sha256, previous_sha256, created_at, body FROM sla.reports
                WHERE tenant = ? AND contract = ? AND month = ? AND (? IS NULL OR revision = ?)
                ORDER BY revision DESC LIMIT 1""")) {
            st.setString(1, tenant);
            st.setString(2, contract);
            st.setDate(3, Date.valueOf(month.atDay(1)));
            st.setObject(4, number.orElse(null), java.sql.Types.INTEGER);
            st.setObject(5, number.orElse(null), java.sql.Types.INTEGER);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(new Report(revision(rs), rs.getBytes(8))) : Optional.empty();
            }
        }
    }

    /** The month's latest revision without its body: what a listing or a status check needs. */
    public static Optional<Revision> latestRevision(Connection db, String tenant, String contract, YearMonth month)
            throws SQLException {
        try (PreparedStatement st = db.prepareStatement("""
                SELECT month, revision, status, correction, sha256, previous_sha256, created_at FROM sla.reports
                WHERE tenant = ? AND contract = ? AND month = ? ORDER BY revision DESC LIMIT 1""")) {
            st.setString(1, tenant);
            st.setString(2, contract);
            st.setDate(3, Date.valueOf(month.atDay(1)));
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(revision(rs)) : Optional.empty();
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Optional<ReportRevisions.Stored> latest(Connection db, String tenant, String contract, YearMonth month)
            throws SQLException {
        Optional<Report> report = get(db, tenant, contract, month, Optional.empty());
        if (report.isEmpty()) {
            return Optional.empty();
        }
        Revision r = report.get().revision();
        Map<String, Object> body = (Map<String, Object>) CanonicalJson.read("sla.reports " + contract + " " + month
                + " revision " + r.number(), report.get().body());
        return Optional.of(new ReportRevisions.Stored(r.number(), r.status(), r.sha256(), body));
    }

    static void insert(Connection db, String tenant, String contract, YearMonth month, ReportRevisions.Next next,
            Optional<String> previousSha256) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("""
                INSERT INTO sla.reports (tenant, contract, month, revision, media_type, body, sha256, status,
                    previous_sha256, correction) VALUES (?, ?, ?, ?, 'application/json', ?, ?, ?, ?, ?)""")) {
            st.setString(1, tenant);
            st.setString(2, contract);
            st.setDate(3, Date.valueOf(month.atDay(1)));
            st.setInt(4, next.number());
            st.setBytes(5, next.body());
            st.setString(6, next.sha256());
            st.setString(7, next.status());
            st.setString(8, previousSha256.orElse(null));
            st.setBoolean(9, next.correction());
            st.executeUpdate();
        }
    }

    private static Revision revision(ResultSet rs) throws SQLException {
        return new Revision(YearMonth.from(rs.getDate(1).toLocalDate()), rs.getInt(2), rs.getString(3), rs.getBoolean(4),
                rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant());
    }
}
