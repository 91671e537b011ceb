package io.infersla.engine.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.infersla.alerting.deliver.HttpPost;
import io.infersla.alerting.deliver.PagerDutyNotifier;
import io.infersla.alerting.deliver.UrlGuard;
import io.infersla.alerting.deliver.UrlPolicy;
import io.infersla.alerting.outbox.BreachRecorder;
import io.infersla.alerting.outbox.DispatcherConfig;
import io.infersla.alerting.outbox.OutboxDispatcher;
import io.infersla.alerting.payload.AlertFacts;
import io.infersla.alerting.routing.AlertRouting;
import io.infersla.alerting.routing.Channel;
import io.infersla.alerting.routing.PagerDutyRoute;
import io.infersla.core.breach.BreachEpisode;
import io.infersla.core.breach.BreachEvent;
import io.infersla.core.breach.Severity;
import io.infersla.core.json.Json;
import io.infersla.core.request.SeriesKey;
import io.infersla.core.secret.SecretCipher;
import io.infersla.core.secret.SecretKeys;
import io.infersla.engine.storage.SecretsAtRest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Contract secrets at rest (docs/security.md): the API stores them encrypted, the raw row holds
 * nothing of the secret, the dispatcher sends the decrypted key, and rotation re-encrypts.
 */
@QuarkusTest
@WithTestResource(ApiDatabase.class)
class SecretsAtRestIT {

    private static final String ROUTING_KEY = "R0UTINGKEYatRest456789abcdefABCD";
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private HttpServer pagerDuty;
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        try (Connection c = ApiDatabase.db.connection(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE sla.alert_outbox, sla.breaches, sla.contracts, sla.alert_rate_limit CASCADE");
        }
        pagerDuty = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pagerDuty.createContext("/", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "{\"status\":\"success\",\"dedup_key\":\"x\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(202, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        pagerDuty.start();
    }

    @AfterEach
    void stop() {
        pagerDuty.stop(0);
    }

    private URI pagerDutyUrl() {
        return URI.create("http://127.0.0.1:" + pagerDuty.getAddress().getPort() + "/v2/enqueue");
    }

    private void putContract() {
        given().header("Authorization", "Bearer " + ApiDatabase.ACME_TOKEN).contentType("application/json").body("""
                {"definition": {"alerts": {"pagerduty": {"url": "%s", "routing_key_secret": "pd_key"}}},
                 "secrets": {"pd_key": "%s"}}""".formatted(pagerDutyUrl(), ROUTING_KEY))
                .when().put("/api/v1/contracts/gold").then().statusCode(200);
    }

    private static String rawSecrets() throws Exception {
        try (Connection c = ApiDatabase.db.connection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT secrets::text FROM sla.contracts WHERE tenant = 'acme' AND contract = 'gold'")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    @SuppressWarnings("unchecked")
    private static String storedValue() throws Exception {
        return (String) ((Map<String, Object>) Json.parse("row", rawSecrets())).get("pd_key");
    }

    private static void assertHoldsNothingOf(String raw, String secret) {
        for (int i = 0; i + 8 <= secret.length(); i++) {
            assertThat(raw).as("no 8 characters of the secret in the row").doesNotContain(secret.substring(i, i + 8));
        }
    }

    private static SecretCipher cipher(String key, String id, Map<String, String> previous) {
        return SecretKeys.configure(Optional.of(key), Optional.empty(), Optional.of(id), previous, Map.of());
    }

    private static final SecretCipher API_CIPHER = cipher(ApiDatabase.SECRETS_KEY, ApiDatabase.SECRETS_KEY_ID, Map.of());

    /** Records a PagerDuty trigger for acme/gold and dispatches it with {@code cipher}; returns the outbox row's state. */
    private String dispatchWith(SecretCipher cipher) throws Exception {
        DataSource ds = ApiDatabase.db.dataSource();
        Clock clock = Clock.fixed(T0.plusSeconds(20), ZoneOffset.UTC);
        SeriesKey series = new SeriesKey("acme", "gold", "chat-api", "prod", "llama-3-70b", "chatbot", "gpu", "xl");
        var opened = new BreachEvent.Opened(new BreachEpisode(BreachEpisode.idFor(series.canonical() + "#ttft_p95", T0),
                Severity.CRITICAL, T0, T0.plusSeconds(10), 412.5, T0.plusSeconds(10), Optional.empty()));
        AlertFacts facts = new AlertFacts(series, "ttft_p95", "ttft_ms", "p95", "upper", OptionalDouble.of(412.5),
                OptionalDouble.of(200), OptionalDouble.of(300), Duration.ofMinutes(5), 1234, T0.plusSeconds(10));
        new BreachRecorder(ds, clock).record(opened, facts,
                AlertRouting.NONE.withPagerDuty(new PagerDutyRoute(pagerDutyUrl(), "pd_key", List.of())));
        try (HttpPost http = new HttpPost(new UrlGuard(UrlPolicy.LOOPBACK_ONLY), Duration.ofSeconds(5), clock);
                OutboxDispatcher dispatcher = new OutboxDispatcher(ds, Map.of(Channel.PAGERDUTY, new PagerDutyNotifier(http)),
                        DispatcherConfig.DEFAULT, clock, () -> 0.0, cipher)) {
            dispatcher.dispatchOnce();
        }
        try (Connection c = ApiDatabase.db.connection();
                PreparedStatement st = c.prepareStatement("SELECT state || coalesce(': ' || last_error, '') FROM sla.alert_outbox");
                ResultSet rs = st.executeQuery()) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    @Test
    void theRawRowHoldsNothingOfTheSecretAndTheDispatcherSendsIt() throws Exception {
        putContract();

        String raw = rawSecrets();
        assertHoldsNothingOf(raw, ROUTING_KEY);
        assertThat(storedValue()).startsWith("v1:" + ApiDatabase.SECRETS_KEY_ID + ":");

        assertThat(dispatchWith(API_CIPHER)).isEqualTo("delivered");
        assertThat(received).singleElement().satisfies(body -> assertThat(body).contains("\"routing_key\":\"" + ROUTING_KEY + "\""));
    }

    @Test
    void rotationReencryptsUnderTheNewKeyAndStillDelivers() throws Exception {
        putContract();
        String underA = storedValue();
        String keyB = SecretKeys.generate();
        SecretCipher b = cipher(keyB, "b", Map.of(ApiDatabase.SECRETS_KEY_ID, ApiDatabase.SECRETS_KEY));

        assertThat(SecretsAtRest.reencrypt(ApiDatabase.db.dataSource(), b)).isOne();

        assertThat(storedValue()).startsWith("v1:b:").isNotEqualTo(underA);
        assertHoldsNothingOf(rawSecrets(), ROUTING_KEY);
        assertThat(SecretsAtRest.reencrypt(ApiDatabase.db.dataSource(), b)).as("nothing left to do").isZero();
        SecretCipher onlyB = cipher(keyB, "b", Map.of());
        assertThat(dispatchWith(onlyB)).as("delivers without the old key").isEqualTo("delivered");
        assertThat(received).singleElement().satisfies(body -> assertThat(body).contains(ROUTING_KEY));
    }

    @Test
    void plaintextRowsFromBeforeAreEncryptedAtStart() throws Exception {
        try (Connection c = ApiDatabase.db.connection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO sla.contracts (tenant, contract, secrets) VALUES ('acme', 'gold', '{\"pd_key\": \""
                    + ROUTING_KEY + "\"}')");
        }

        assertThat(SecretsAtRest.reencrypt(ApiDatabase.db.dataSource(), API_CIPHER)).isOne();

        assertHoldsNothingOf(rawSecrets(), ROUTING_KEY);
        assertThat(API_CIPHER.decrypt("acme", "gold", "pd_key", storedValue())).isEqualTo(ROUTING_KEY);
    }

    @Test
    void aValueUnderAnUnknownKeyIdStopsStartUpNamingItAndIsKept() throws Exception {
        putContract();
        String stored = storedValue();
        SecretCipher other = cipher(SecretKeys.generate(), "other", Map.of());

        assertThatThrownBy(() -> SecretsAtRest.reencrypt(ApiDatabase.db.dataSource(), other))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("contract acme/gold: secret 'pd_key' is encrypted under key id '" + ApiDatabase.SECRETS_KEY_ID
                        + "', which is not configured: set it as infersla.secrets.previous-keys." + ApiDatabase.SECRETS_KEY_ID
                        + " (or previous-key-files." + ApiDatabase.SECRETS_KEY_ID + ")");
        assertThat(storedValue()).isEqualTo(stored);
    }

    @Test
    void aSecretThatNoLongerDecryptsMakesTheDeliveryDeadWithoutTheSecretInTheReason() throws Exception {
        putContract();
        SecretCipher sameIdOtherKey = cipher(SecretKeys.generate(), ApiDatabase.SECRETS_KEY_ID, Map.of());

        String state = dispatchWith(sameIdOtherKey);

        assertThat(state).isEqualTo("failed: contract acme/gold: secret 'pd_key' under key id '" + ApiDatabase.SECRETS_KEY_ID
                + "' does not authenticate (another key with that id, altered, or copied from another contract or name)");
        assertThat(received).isEmpty();
    }
}
