package io.infersla.alerting.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlPolicyTest {

    static final UrlPolicy PROD = new UrlPolicy(Set.of("events.pagerduty.com", "*.hooks.example"), false, false, false);

    @ParameterizedTest(name = "{0} is refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "http://events.pagerduty.com/v2/enqueue      | plain http refused",
            "https://127.0.0.1:9093/api/v2/alerts       | loopback target refused",
            "https://localhost/x                        | loopback target refused",
            "https://[::1]/x                            | loopback target refused",
            "https://169.254.169.254/latest/meta-data   | not on the alert allowlist",
            "https://evil.example/x                     | not on the alert allowlist",
            "https://hooks.example/x                    | not on the alert allowlist",
            "https://user:pw@a.hooks.example/x          | must not carry user info",
            "file:///etc/passwd                         | must start with http:// or https://",
            "gopher://a.hooks.example/x                 | must start with http:// or https://"})
    void refusesTargetsOutsideTheAllowlist(String url, String reason) {
        assertThat(PROD.check(URI.create(url))).hasValueSatisfying(r -> assertThat(r).contains(reason));
    }

    @Test
    void acceptsListedHostsAndSubdomainsOfWildcards() {
        assertThat(PROD.check(URI.create("https://events.pagerduty.com/v2/enqueue"))).isEmpty();
        assertThat(PROD.check(URI.create("https://team-a.hooks.example/infersla"))).isEmpty();
    }

    @Test
    void loopbackOnlyWhenConfigured() {
        assertThat(UrlPolicy.LOOPBACK_ONLY.check(URI.create("http://127.0.0.1:9093/api/v2/alerts"))).isEmpty();
        assertThat(UrlPolicy.LOOPBACK_ONLY.check(URI.create("http://localhost:8080/v2/enqueue"))).isEmpty();
        assertThat(UrlPolicy.LOOPBACK_ONLY.check(URI.create("https://events.pagerduty.com/v2/enqueue")))
                .hasValueSatisfying(r -> assertThat(r).contains("not on the alert allowlist"));
    }

    @Test
    void resolvedAddressesAreCheckedAtSendTime() throws Exception {
        URI url = URI.create("https://team-a.hooks.example/x");

        assertThat(PROD.checkAddresses(url.getHost(), List.of(InetAddress.getByName("93.184.216.34")))).isEmpty();
        assertThat(PROD.checkAddresses(url.getHost(), List.of(InetAddress.getByName("169.254.169.254"))))
                .hasValueSatisfying(r -> assertThat(r).contains("link-local"));
        assertThat(PROD.checkAddresses(url.getHost(), List.of(InetAddress.getByName("10.0.0.7"))))
                .hasValueSatisfying(r -> assertThat(r).contains("private-network"));
        assertThat(PROD.checkAddresses(url.getHost(), List.of(InetAddress.getByName("127.0.0.1"))))
                .hasValueSatisfying(r -> assertThat(r).contains("loopback"));
        assertThat(PROD.checkAddresses(url.getHost(), List.of(InetAddress.getByName("fd00::1"))))
                .hasValueSatisfying(r -> assertThat(r).contains("private-network"));
        assertThat(PROD.checkAddresses(url.getHost(), List.of(InetAddress.getByName("0.0.0.0"))))
                .hasValueSatisfying(r -> assertThat(r).contains("wildcard"));
    }

    @Test
    void aHostThatResolvesInsideIsRefusedByTheGuardsResolver() {
        UrlGuard guard = new UrlGuard(PROD, host -> List.of(InetAddress.getByName("169.254.169.254")));

        assertThat(guard.blocked(URI.create("https://team-a.hooks.example/x"))).as("the form is fine").isEmpty();
        assertThatThrownBy(() -> guard.resolveAllowed("team-a.hooks.example"))
                .isInstanceOf(UrlGuard.RefusedAddressException.class)
                .hasMessage("refused by the URL allowlist: host team-a.hooks.example resolves to 169.254.169.254, a wildcard,"
                        + " multicast or link-local address");
    }

    @Test
    void oneRefusedAddressAmongAllowedOnesRefusesTheName() {
        UrlGuard guard = new UrlGuard(PROD, host -> List.of(InetAddress.getByName("93.184.215.14"),
                InetAddress.getByName("127.0.0.1")));

        assertThatThrownBy(() -> guard.resolveAllowed("team-a.hooks.example"))
                .isInstanceOf(UrlGuard.RefusedAddressException.class)
                .hasMessageContaining("resolves to 127.0.0.1, a loopback address");
    }

    @Test
    void theAddressesAllowedAreTheOnesResolved() throws Exception {
        UrlGuard guard = new UrlGuard(PROD, host -> List.of(InetAddress.getByName("93.184.215.14")));

        assertThat(guard.resolveAllowed("[team-a.hooks.example]")).containsExactly(InetAddress.getByName("93.184.215.14"));
    }

    @Test
    void configurationCheckNamesTheRefusedUrl() {
        UrlGuard guard = new UrlGuard(PROD);

        assertThatThrownBy(() -> guard.requireAllowed("contract acme/gold alert routing",
                List.of(URI.create("https://events.pagerduty.com/v2/enqueue"), URI.create("https://127.0.0.1/x"))))
                .hasMessage("contract acme/gold alert routing: loopback target refused (allow-loopback is off): https://127.0.0.1/x");
    }

    @Test
    void allowlistEntriesMustBeHostsOrWildcardDomains() {
        assertThatThrownBy(() -> new UrlPolicy(Set.of("*"), false, false, false))
                .hasMessage("allowed host must be a host name or *.domain, was '*'");
        assertThat(new UrlPolicy(Set.of("Events.PagerDuty.com"), false, false, false)
                .check(URI.create("https://events.pagerduty.com/"))).isEqualTo(Optional.empty());
    }
}
