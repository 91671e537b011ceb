package io.infersla.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class JdbcUrlTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            jdbc:postgresql://127.0.0.1:5432/test                    | jdbc:postgresql://127.0.0.1:5432/infersla_test_1
            jdbc:postgresql://localhost/                             | jdbc:postgresql://localhost/infersla_test_1
            jdbc:postgresql://localhost                              | jdbc:postgresql://localhost/infersla_test_1
            jdbc:postgresql://db:6543/ci?sslmode=disable&user=ci     | jdbc:postgresql://db:6543/infersla_test_1?sslmode=disable&user=ci
            jdbc:postgresql://db?user=ci                             | jdbc:postgresql://db/infersla_test_1?user=ci
            jdbc:postgresql://a:5432,b:5433/ci?targetServerType=primary | jdbc:postgresql://a:5432,b:5433/infersla_test_1?targetServerType=primary
            jdbc:postgresql://[::1]:5432/test                        | jdbc:postgresql://[::1]:5432/infersla_test_1
            """)
    void swapsTheDatabaseAndKeepsHostsAndParameters(String url, String expected) {
        assertThat(JdbcUrl.parse(url).withDatabase("infersla_test_1")).hasToString(expected);
    }

    @Test
    void rejectsAUrlOfAnotherDriverWithoutLeakingItsPassword() {
        assertThatThrownBy(() -> JdbcUrl.parse("jdbc:mysql://db/ci?password=hunter2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("JDBC URL must start with jdbc:postgresql://, was jdbc:mysql://db/ci?password=***");
    }

    @Test
    void rejectsAUrlWithoutHost() {
        assertThatThrownBy(() -> JdbcUrl.parse("jdbc:postgresql:///test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("JDBC URL names no host: jdbc:postgresql:///test");
    }

    @Test
    void masksEveryPasswordParameterWhateverItsCase() {
        assertThat(JdbcUrl.redact("jdbc:postgresql://db/ci?user=ci&Password=p%40ss&sslmode=require"))
                .isEqualTo("jdbc:postgresql://db/ci?user=ci&Password=***&sslmode=require");
    }
}
