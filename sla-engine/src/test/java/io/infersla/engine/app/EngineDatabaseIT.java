package io.infersla.engine.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersla.testsupport.PostgresDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's pool against a real PostgreSQL whose server drops the pool's connection (as a
 * restart does): the call that meets the dead connection fails, the next one gets a new one.
 */
class EngineDatabaseIT {

    private PostgresDatabase db;

    @BeforeEach
    void createDatabase() {
        db = PostgresDatabase.create();
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    @Test
    void aConnectionTheServerDroppedIsNotHandedOutAgain() throws Exception {
        try (var pool = EngineDatabase.open(db.jdbcUrl(), db.user(), db.password(), 1)) {
            long first = backendPid(pool);
            try (Connection admin = db.connection(); Statement st = admin.createStatement()) {
                st.execute("SELECT pg_terminate_backend(" + first + ")");
            }

            assertThatThrownBy(() -> backendPid(pool)).as("the call on the dropped connection").isInstanceOf(SQLException.class);
            long next = backendPid(pool);

            assertThat(next).as("a new session, not the dead one again").isNotEqualTo(first);
            assertThat(backendPid(pool)).isEqualTo(next);
        }
    }

    private static long backendPid(DataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
