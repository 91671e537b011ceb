package io.infersla.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

class PostgresSourceTest {

    private static final BooleanSupplier ANSWERS = () -> true;
    private static final BooleanSupplier SILENT = () -> false;
    private static final BooleanSupplier MUST_NOT_PROBE = () -> {
        throw new AssertionError("the local server must not be probed");
    };

    @Test
    void usesTheConfiguredUrlWithoutProbingTheLocalServer() {
        PostgresSource source = PostgresSource.choose(
                Optional.of("jdbc:postgresql://db.internal:6543/ci"), false, MUST_NOT_PROBE);

        assertThat(source).isEqualTo(new PostgresSource.Configured("jdbc:postgresql://db.internal:6543/ci"));
    }

    @Test
    void usesTheLocalServerWhenNothingIsConfiguredAndItAnswers() {
        assertThat(PostgresSource.choose(Optional.empty(), false, ANSWERS))
                .isEqualTo(new PostgresSource.LocalServer());
    }

    @Test
    void fallsBackToEmbeddedBinariesWhenTheLocalServerIsSilent() {
        PostgresSource source = PostgresSource.choose(Optional.empty(), false, SILENT);

        assertThat(source).isInstanceOf(PostgresSource.Embedded.class);
        assertThat(source.description()).contains("no server answered on " + PostgresSource.LOCAL_URL);
    }

    @Test
    void usesEmbeddedBinariesOnRequestEvenWhenTheLocalServerAnswers() {
        PostgresSource source = PostgresSource.choose(Optional.empty(), true, MUST_NOT_PROBE);

        assertThat(source).isEqualTo(new PostgresSource.Embedded("requested by " + PostgresSource.EMBEDDED_ENV));
    }

    @Test
    void treatsABlankConfiguredUrlAsAbsent() {
        assertThat(PostgresSource.choose(Optional.of("  "), false, ANSWERS))
                .isEqualTo(new PostgresSource.LocalServer());
    }

    @Test
    void rejectsAConfiguredUrlTogetherWithAnEmbeddedRequest() {
        assertThatThrownBy(() -> PostgresSource.choose(
                Optional.of("jdbc:postgresql://db/ci?password=hunter2"), true, MUST_NOT_PROBE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(PostgresSource.URL_ENV)
                .hasMessageContaining(PostgresSource.EMBEDDED_ENV)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void rejectsAConfiguredUrlThatIsNotPostgresJdbcAndNamesTheSetting() {
        assertThatThrownBy(() -> PostgresSource.choose(Optional.of("postgres://db/ci"), false, MUST_NOT_PROBE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(PostgresSource.URL_ENV + ": must start with jdbc:postgresql://, was postgres://db/ci");
    }

    @Test
    void describesAConfiguredServerWithoutItsPassword() {
        PostgresSource source = new PostgresSource.Configured("jdbc:postgresql://db/ci?user=ci&password=hunter2");

        assertThat(source.description())
                .contains("jdbc:postgresql://db/ci?user=ci&password=***")
                .doesNotContain("hunter2");
    }
}
