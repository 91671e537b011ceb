package io.infersla.engine.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A PostgreSQL session advisory lock, held on a connection of its own for as long as this engine
 * instance does a job that one instance at a time must do (publishing contract terms, making
 * reports). If the instance dies, its session ends and another instance takes the lock.
 *
 * <p>The data source must not be a pool: releasing closes the connection and relies on the
 * session ending to drop the lock, and a held lock must not take a connection from the pool the
 * engine's other parts share. The engine passes {@code EngineDatabase.lockConnections()}.
 */
final class SessionLock implements AutoCloseable {

    private final DataSource database;
    private final long id;
    private Connection holder;

    SessionLock(DataSource database, long id) {
        this.database = database;
        this.id = id;
    }

    /** Whether this instance holds the lock: still, or taken now. False when another instance holds it. */
    boolean hold() throws SQLException {
        if (holder != null && holder.isValid(5)) {
            return true;
        }
        release();
        Connection db = database.getConnection();
        try (PreparedStatement st = db.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next() && rs.getBoolean(1)) {
                    holder = db;
                    return true;
                }
            }
        }
        db.close();
        return false;
    }

    void release() {
        if (holder != null) {
            try {
                holder.close();
            } catch (SQLException e) {
                // the session is gone either way, and with it the lock
            }
            holder = null;
        }
    }

    @Override
    public void close() {
        release();
    }
}
