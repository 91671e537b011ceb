package io.infersla.alerting.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersla.alerting.deliver.OutboundMessage;
import io.infersla.alerting.routing.Action;
import io.infersla.alerting.routing.Channel;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretTest {

    static final String KEY = "abcdefabcdefabcdefabcdefabcdef12";

    @Test
    void printsAsAMaskEverywhere() {
        Secret secret = Secret.of(KEY);
        OutboundMessage message = new OutboundMessage(7, "ep", "acme", "gold", Channel.PAGERDUTY, Action.TRIGGER,
                URI.create("https://events.pagerduty.com/v2/enqueue"), "{}", Optional.of("pd"), Optional.of(secret), 0);

        assertThat(secret.toString()).isEqualTo(Secret.MASK);
        assertThat(String.valueOf(Optional.of(secret))).doesNotContain(KEY);
        assertThat(message.toString()).doesNotContain(KEY).contains(Secret.MASK);
        assertThat(secret.reveal()).isEqualTo(KEY);
    }

    @Test
    void redactsEveryOccurrenceInText() {
        Secret secret = Secret.of(KEY);

        assertThat(secret.redact("bad key " + KEY + " (" + KEY + ")")).isEqualTo("bad key ****** (******)");
        assertThat(secret.redact(null)).isNull();
    }

    @Test
    void comparesByValue() {
        assertThat(Secret.of(KEY)).isEqualTo(Secret.of(KEY)).isNotEqualTo(Secret.of(KEY + "x"));
    }

    @Test
    void rejectsAnEmptySecret() {
        assertThatThrownBy(() -> Secret.of("")).hasMessage("a secret must not be empty");
    }
}
