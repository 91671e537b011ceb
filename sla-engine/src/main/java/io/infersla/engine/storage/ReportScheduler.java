package io.infersla.engine.storage;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.report.ReportMonth;
import io.infersla.reports.store.HourlyRollup;
import io.infersla.reports.store.ReportGenerator;
import io.infersla.reports.store.ReportStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import javax.sql.DataSource;

/**
 * Keeps monthly reports current: rolls marked hours up every {@code rollupEvery}, regenerates every
 * contract's current month as provisional every {@code every}, and finalizes the previous month
 * once it is closed (its end + {@code finalAfter}: the late-data bound + a grace), each in the contract's
 * time zone. Like the contract-terms publisher, one instance at a time does it: the one holding a
 * PostgreSQL advisory lock. A revision is stored in one transaction, so an instance killed midway
 * leaves nothing half-written and the next round (here or on another instance) does it again.
 */
public final class ReportScheduler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ReportScheduler.class);
    private static final long LOCK_ID = 0x1f5_7e57_4e90L;
    /** An hour is rolled up once the writer has had time to write its last minute. */
    private static final Duration ROLLUP_DELAY = Duration.ofMinutes(2);

    private final DataSource database;
    private final Catalog catalog;
    private final Duration every;
    private final Duration rollupEvery;
    private final Duration finalAfter;
    private final Clock clock;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "infersla-reports");
        t.setDaemon(true);
        return t;
    });
    private final SessionLock lock;
    private Instant lastReports = Instant.MIN;

    /** @param finalAfter how long after its end a month stays provisional: late-data bound + final grace */
    public ReportScheduler(DataSource database, Catalog catalog, Duration every, Duration rollupEvery, Duration finalAfter,
            Clock clock) {
        this(database, database, catalog, every, rollupEvery, finalAfter, clock);
    }

    /**
     * @param database where reports are read and stored (the engine's pool)
     * @param lockConnections where the reports lock's own connection comes from: unpooled, so the
     *     lock ends with its session (see {@code EngineDatabase})
     */
    public ReportScheduler(DataSource database, DataSource lockConnections, Catalog catalog, Duration every,
            Duration rollupEvery, Duration finalAfter, Clock clock) {
        positive("infersla.reports.every", every);
        positive("infersla.reports.rollup-every", rollupEvery);
        if (every.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("infersla.reports.every must be at most 1d (reports are regenerated at least daily), was "
                    + every);
        }
        if (finalAfter == null || finalAfter.isNegative()) {
            throw new IllegalArgumentException("infersla.reports.final-grace must be >= 0, was " + finalAfter);
        }
        this.database = database;
        this.catalog = catalog;
        this.every = every;
        this.rollupEvery = rollupEvery;
        this.finalAfter = finalAfter;
        this.clock = clock;
        this.lock = new SessionLock(lockConnections, LOCK_ID);
    }

    private static void positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be > 0, was " + value);
        }
    }

    public ReportScheduler start() {
        thread.scheduleWithFixedDelay(this::roundQuietly, 0, rollupEvery.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void roundQuietly() {
        try {
            round();
        } catch (Exception e) {
            LOG.warn("reports round failed (retried in " + rollupEvery + "): " + e.getMessage());
            lock.release();
        }
    }

    /**
     * One round: roll up what is marked, and when {@code every} has passed, regenerate reports.
     *
     * @return the number of revisions stored, or -1 when another instance holds the lock
     */
    public synchronized int round() throws SQLException {
        if (!lock.hold()) {
            return -1;
        }
        Instant now = clock.instant();
        try (Connection db = database.getConnection()) {
            while (HourlyRollup.run(db, now.minus(ROLLUP_DELAY), 2000) > 0) {
                // until every closed marked hour is rolled up
            }
            if (Duration.between(lastReports, now).compareTo(every) < 0 && lastReports != Instant.MIN) {
                return 0;
            }
            int stored = 0;
            for (String[] contract : contracts(db)) {
                ZoneId zone = ZoneId.of(contract[2]);
                ReportMonth current = ReportMonth.containing(now, zone);
                ReportMonth previous = new ReportMonth(current.month().minusMonths(1), zone);
                boolean previousFinal = ReportStore.latestRevision(db, contract[0], contract[1], previous.month())
                        .filter(r -> r.status().equals("final")).isPresent();
                if (!previousFinal) {
                    stored += generate(db, contract, previous, now);
                }
                stored += generate(db, contract, current, now);
            }
            lastReports = now;
            return stored;
        }
    }

    private int generate(Connection db, String[] contract, ReportMonth month, Instant now) throws SQLException {
        try {
            ReportGenerator.Result result = ReportGenerator.generate(db, catalog, contract[0], contract[1], month.month(), now,
                    finalAfter);
            if (result.stored()) {
                LOG.info("report " + contract[0] + "/" + contract[1] + " " + month.month() + " revision " + result.latest()
                        + " (" + result.revision().orElseThrow().status() + ") stored, sha256 " + result.sha256());
                return 1;
            }
            return 0;
        } catch (IllegalArgumentException e) {
            // a stored definition that no longer validates: the other contracts still get their reports
            LOG.warn("report " + contract[0] + "/" + contract[1] + " " + month.month() + " not generated: " + e.getMessage());
            return 0;
        }
    }

    private static List<String[]> contracts(Connection db) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement st = db.prepareStatement("SELECT tenant, contract, time_zone FROM sla.contracts ORDER BY tenant, contract");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        return out;
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.release();
    }
}
