package io.infersla.alerting.deliver;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/** {@link UrlPolicy} plus name resolution: the send-time half of the SSRF guard. */
public final class UrlGuard {

    /** Name resolution, replaceable in tests. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    private final UrlPolicy policy;
    private final Resolver resolver;

    public UrlGuard(UrlPolicy policy) {
        this(policy, host -> List.of(InetAddress.getAllByName(host)));
    }

    public UrlGuard(UrlPolicy policy, Resolver resolver) {
        this.policy = policy;
        this.resolver = resolver;
    }

    public UrlPolicy policy() {
        return policy;
    }

    /**
     * Empty when {@code url} may be sent to now; else a dead outcome for a refused target (it will
     * not become allowed by waiting) or a retry when the name does not resolve right now.
     */
    public Optional<Outcome> blocked(URI url) {
        Optional<String> form = policy.check(url);
        if (form.isPresent()) {
            return Optional.of(new Outcome.Dead("refused by the URL allowlist: " + form.get()));
        }
        String host = url.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return policy.checkAddresses(url, resolver.resolve(host))
                    .map(reason -> new Outcome.Dead("refused by the URL allowlist: " + reason));
        } catch (UnknownHostException e) {
            return Optional.of(new Outcome.Retry("host " + host + " does not resolve", Optional.empty()));
        }
    }

    /**
     * Checks every target of a routing at configuration time.
     *
     * @throws IllegalArgumentException naming the first refused URL and why
     */
    public void requireAllowed(String what, List<URI> urls) {
        for (URI url : urls) {
            policy.check(url).ifPresent(reason -> {
                throw new IllegalArgumentException(what + ": " + reason);
            });
        }
    }
}
