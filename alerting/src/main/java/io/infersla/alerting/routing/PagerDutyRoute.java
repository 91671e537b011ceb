package io.infersla.alerting.routing;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A contract's PagerDuty integration: the Events API base URL and the name of the routing key in
 * the contract's secrets (never the key itself), optionally a different key per service.
 *
 * @param url the Events API base; events go to {@code {url}/v2/enqueue}
 * @param routingKeySecret the entry of {@code sla.contracts.secrets} holding the 32-character routing key
 * @param serviceRules the first rule whose service matches picks the routing key instead
 */
public record PagerDutyRoute(URI url, String routingKeySecret, List<ServiceRule> serviceRules) {

    public static final URI DEFAULT_URL = URI.create("https://events.pagerduty.com");

    /** Pages for {@code service} go to the routing key named {@code routingKeySecret}. */
    public record ServiceRule(String service, String routingKeySecret) {
        public ServiceRule {
            SecretNames.check("service rule routing_key_secret", routingKeySecret);
            if (service == null || service.isEmpty()) {
                throw new IllegalArgumentException("service rule service must be set, was " + (service == null ? "absent" : "empty"));
            }
        }
    }

    public PagerDutyRoute {
        Objects.requireNonNull(url, "pagerduty url");
        SecretNames.check("pagerduty routing_key_secret", routingKeySecret);
        serviceRules = List.copyOf(Objects.requireNonNullElse(serviceRules, List.of()));
    }

    public static PagerDutyRoute of(String routingKeySecret) {
        return new PagerDutyRoute(DEFAULT_URL, routingKeySecret, List.of());
    }

    /** The name of the routing-key secret that pages for this service. */
    public String routingKeySecretFor(String service) {
        for (ServiceRule rule : serviceRules) {
            if (rule.service().equals(service)) {
                return rule.routingKeySecret();
            }
        }
        return routingKeySecret;
    }

    public URI enqueueUrl() {
        return Endpoints.append(url, "/v2/enqueue");
    }
}
