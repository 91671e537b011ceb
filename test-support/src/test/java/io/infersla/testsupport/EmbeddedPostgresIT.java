package io.infersla.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/**
 * The fallback for machines without a PostgreSQL server (a fresh CI machine, a laptop) must keep
 * working even where a local server exists, so this test asks for the embedded binaries
 * explicitly instead of relying on the JVM-wide choice.
 */
class EmbeddedPostgresIT {

    @Test
    void embeddedBinariesServeAFreshDatabaseThatIsDroppedOnClose() throws SQLException {
        String name;
        try (PostgresDatabase db = PostgresDatabase.create(new PostgresSource.Embedded("requested by EmbeddedPostgresIT"))) {
            name = db.name();
            assertThat(db.jdbcUrl()).startsWith("jdbc:postgresql://localhost:").endsWith("/" + name);
            try (Connection connection = db.connection(); Statement statement = connection.createStatement()) {
                assertThat(single(statement, "SHOW server_version_num")).startsWith("16");
                assertThat(single(statement, "SELECT current_database()")).isEqualTo(name);
                statement.execute("CREATE TABLE probe (id int PRIMARY KEY)");
                statement.execute("INSERT INTO probe VALUES (1), (2)");
                assertThat(single(statement, "SELECT count(*) FROM probe")).isEqualTo("2");
            }
            try (PostgresDatabase sibling = PostgresDatabase.create(db.serverSource());
                    Connection connection = sibling.connection();
                    Statement statement = connection.createStatement()) {
                assertThat(single(statement, "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'"))
                        .as("a second database on the same embedded server sees the first one")
                        .isEqualTo("1");
                assertThat(single(statement, "SELECT to_regclass('public.probe') IS NULL"))
                        .as("but not its tables")
                        .isEqualTo("t");
                db.close();
                assertThat(single(statement, "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'"))
                        .as("closed databases are dropped")
                        .isEqualTo("0");
            }
        }
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as("a row from %s", sql).isTrue();
            return rows.getString(1);
        }
    }
}
