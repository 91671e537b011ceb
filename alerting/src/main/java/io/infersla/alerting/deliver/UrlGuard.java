package io.infersla.alerting.deliver;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * {@link UrlPolicy} plus name resolution: the send-time half of the SSRF guard. {@link HttpPost}
 * resolves every connection's host through {@link #resolveAllowed}, so the addresses checked are
 * the addresses connected to: a DNS answer that changes between a check and the connection
 * (rebinding) cannot slip an internal address in.
 */
public final class UrlGuard {

    /** Name resolution, replaceable in tests. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    /**
     * A host resolved to an address the policy refuses. An {@link UnknownHostException} because
     * that is what an HTTP client's resolver may throw; {@link HttpPost} turns it into a dead
     * outcome, not a retry: waiting does not make the target allowed.
     */
    public static final class RefusedAddressException extends UnknownHostException {
        private static final long serialVersionUID = 1L;

        RefusedAddressException(String reason) {
            super(reason);
        }
    }

    /** The prefix of every refusal's reason, in {@code last_error} and logs. */
    public static final String REFUSED = "refused by the URL allowlist: ";

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
     * Empty when the form and host of {@code url} may be sent to; else a dead outcome (a refused
     * target does not become allowed by waiting). The addresses are checked when connecting
     * ({@link #resolveAllowed}).
     */
    public Optional<Outcome> blocked(URI url) {
        return policy.check(url).map(reason -> new Outcome.Dead(REFUSED + reason));
    }

    /**
     * Resolves {@code host} once and returns its addresses only when the policy allows every one
     * of them (one refused address refuses the name: a client may try them in any order).
     *
     * @throws RefusedAddressException naming the host and the refused address
     * @throws UnknownHostException when the name does not resolve right now (retried)
     */
    public List<InetAddress> resolveAllowed(String host) throws UnknownHostException {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<InetAddress> addresses = resolver.resolve(name);
        Optional<String> refusal = policy.checkAddresses(name, addresses == null ? List.of() : addresses);
        if (refusal.isPresent()) {
            throw new RefusedAddressException(REFUSED + refusal.get());
        }
        return List.copyOf(addresses);
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
