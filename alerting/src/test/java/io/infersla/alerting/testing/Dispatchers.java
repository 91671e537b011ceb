package io.infersla.alerting.testing;

import io.infersla.alerting.deliver.AlertmanagerNotifier;
import io.infersla.alerting.deliver.HttpPost;
import io.infersla.alerting.deliver.Notifier;
import io.infersla.alerting.deliver.PagerDutyNotifier;
import io.infersla.alerting.deliver.UrlGuard;
import io.infersla.alerting.deliver.UrlPolicy;
import io.infersla.alerting.deliver.WebhookNotifier;
import io.infersla.alerting.outbox.DispatcherConfig;
import io.infersla.alerting.outbox.OutboxDispatcher;
import io.infersla.alerting.routing.Channel;
import io.infersla.core.secret.SecretCipher;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;

/** Dispatchers wired as the engine wires them, against loopback servers. */
public final class Dispatchers {

    /** The key the tests' contract secrets are stored under ({@link OutboxRows#contract}). */
    public static final SecretCipher SECRETS = SecretCipher.of(new byte[32], java.util.Optional.of("test"), Map.of());

    private Dispatchers() {
    }

    /** Loopback allowed, as the tests' servers listen there. */
    public static HttpPost http(Clock clock) {
        return http(new UrlGuard(UrlPolicy.LOOPBACK_ONLY), clock);
    }

    public static HttpPost http(UrlGuard guard, Clock clock) {
        return new HttpPost(guard, Duration.ofSeconds(5), clock);
    }

    public static Map<Channel, Notifier> notifiers(HttpPost http) {
        return Map.of(Channel.PAGERDUTY, new PagerDutyNotifier(http), Channel.ALERTMANAGER, new AlertmanagerNotifier(http),
                Channel.WEBHOOK, new WebhookNotifier(http));
    }

    /** Loopback allowed, jitter fixed at its minimum so delays are exact. */
    public static OutboxDispatcher loopback(DataSource ds, Clock clock, DispatcherConfig config) {
        return new OutboxDispatcher(ds, notifiers(http(clock)), config, clock, () -> 0.0, SECRETS);
    }

    public static OutboxDispatcher loopback(DataSource ds, Clock clock) {
        return loopback(ds, clock, DispatcherConfig.DEFAULT);
    }

    /** Runs rounds until one claims nothing, advancing the clock by {@code step} after each; returns the rounds run. */
    public static int drain(OutboxDispatcher dispatcher, TestClock clock, Duration step, int maxRounds) {
        for (int round = 1; round <= maxRounds; round++) {
            int claimed = dispatcher.dispatchOnce();
            clock.advance(step);
            if (claimed == 0) {
                return round;
            }
        }
        throw new AssertionError("outbox still had due rows after " + maxRounds + " rounds");
    }
}
