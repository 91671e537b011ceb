package io.infersla.reports.store;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.report.MonthlyReport;
import io.infersla.core.report.ReportInput;
import io.infersla.core.report.ReportMonth;
import io.infersla.core.report.ReportRevisions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import java.util.Optional;

/**
 * Regenerates one contract's month and stores a new revision when its figures (or its status)
 * changed. Everything happens in one transaction under an advisory lock on the contract and
 * month, so two generators never race for a revision number and a generator killed midway leaves
 * nothing behind.
 */
public final class ReportGenerator {

    /**
     * When a month becomes final if nothing says otherwise: the engine's default late-data bound
     * (10 minutes, {@code infersla.engine.late-bound}) plus an hour for the writer and rollups.
     */
    public static final Duration DEFAULT_FINAL_AFTER = Duration.ofMinutes(70);

    private ReportGenerator() {
    }

    /**
     * @param revision the stored revision, or empty when nothing changed
     * @param latest the month's latest revision number after this run (0 when none)
     * @param counts rows read: rollup status, rollup slices, raw evaluations, raw slices
     */
    public record Result(Optional<ReportRevisions.Next> revision, int latest, String sha256, long[] counts,
            Duration read, Duration compute) {

        public boolean stored() {
            return revision.isPresent();
        }
    }

    /** Thrown for a report that cannot be made: unknown contract, a month not started yet. */
    public static final class ReportRefused extends IllegalArgumentException {
        private final boolean notFound;

        public ReportRefused(String message, boolean notFound) {
            super(message);
            this.notFound = notFound;
        }

        public boolean notFound() {
            return notFound;
        }
    }

    /**
     * @param finalAfter how long after its end the month stays provisional: the engine's late-data
     *     bound (records later than that are rejected) plus a grace for the writer and the rollups
     */
    public static Result generate(Connection db, Catalog catalog, String tenant, String contract, YearMonth month,
            Instant now, Duration finalAfter) throws SQLException {
        boolean autoCommit = db.getAutoCommit();
        db.setAutoCommit(false);
        try {
            try (PreparedStatement st = db.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                st.setString(1, "infersla-report|" + tenant + "|" + contract + "|" + month);
                st.execute();
            }
            ReportSource.Contract c = ReportSource.contract(db, catalog, tenant, contract)
                    .orElseThrow(() -> new ReportRefused("tenant " + tenant + " has no contract '" + contract + "'", true));
            ReportMonth reportMonth = new ReportMonth(month, c.zone());
            if (!reportMonth.hasStartedAt(now)) {
                throw new ReportRefused("month " + month + " has not started yet in " + c.zone().getId()
                        + " (it starts at " + reportMonth.start() + ")", false);
            }
            long started = System.nanoTime();
            long[] counts = new long[4];
            ReportInput input = ReportSource.read(db, catalog, c, month, now, counts);
            long readDone = System.nanoTime();
            Map<String, Object> figures = MonthlyReport.figures(input);
            boolean isFinal = !now.isBefore(reportMonth.end().plus(finalAfter));
            Optional<ReportRevisions.Stored> latest = ReportStore.latest(db, tenant, contract, month);
            Optional<ReportRevisions.Next> next = ReportRevisions.next(latest, figures, isFinal, now);
            if (next.isPresent()) {
                ReportStore.insert(db, tenant, contract, month, next.get(), latest.map(ReportRevisions.Stored::sha256));
            }
            db.commit();
            long done = System.nanoTime();
            return new Result(next, next.map(ReportRevisions.Next::number).orElse(latest.map(ReportRevisions.Stored::number).orElse(0)),
                    next.map(ReportRevisions.Next::sha256).orElse(latest.map(ReportRevisions.Stored::sha256).orElse(null)),
                    counts, Duration.ofNanos(readDone - started), Duration.ofNanos(done - readDone));
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(autoCommit);
        }
    }
}
