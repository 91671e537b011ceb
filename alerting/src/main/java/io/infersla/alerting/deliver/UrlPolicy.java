package io.infersla.alerting.deliver;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SSRF guard's rules: where notifications may go. Checked when routing is configured
 * ({@link #check(URI)}), again before every send, and on the addresses the host name resolves to
 * when the connection is made ({@link #checkAddresses}, through {@link UrlGuard#resolveAllowed}),
 * so a name that later resolves to an internal address is refused too.
 *
 * <ul>
 *   <li>Scheme https; http only with {@code allowPlainHttp}, or to loopback with {@code allowLoopback}.
 *       No user info in the URL (credentials belong in secrets).
 *   <li>The host must be on the allowlist: exact names, or {@code *.example.com} for any
 *       subdomain. Loopback hosts ({@code localhost}, 127.0.0.0/8, ::1) are allowed only with
 *       {@code allowLoopback} (the local stack turns it on), and then need no listing.
 *   <li>Resolved addresses: wildcard, multicast and link-local (169.254.0.0/16, where cloud
 *       metadata services live; fe80::/10) are always refused; loopback only with
 *       {@code allowLoopback}; private ranges (10/8, 172.16/12, 192.168/16, fc00::/7) only with
 *       {@code allowPrivateNetworks}.
 * </ul>
 * Redirects are never followed by the notifiers, so a permitted host cannot bounce a request elsewhere.
 */
public record UrlPolicy(Set<String> allowedHosts, boolean allowLoopback, boolean allowPrivateNetworks,
        boolean allowPlainHttp) {

    /** PagerDuty's public endpoint only. */
    public static final UrlPolicy PAGERDUTY_ONLY = new UrlPolicy(Set.of("events.pagerduty.com", "events.eu.pagerduty.com"),
            false, false, false);

    /** Loopback only, plain http allowed: the local stack and tests. */
    public static final UrlPolicy LOOPBACK_ONLY = new UrlPolicy(Set.of(), true, false, true);

    public UrlPolicy {
        allowedHosts = Set.copyOf(Objects.requireNonNull(allowedHosts, "allowedHosts")).stream()
                .map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        for (String h : allowedHosts) {
            if (h.isEmpty() || h.equals("*") || (h.contains("*") && !h.matches("\\*\\.[^*]+"))) {
                throw new IllegalArgumentException("allowed host must be a host name or *.domain, was '" + h + "'");
            }
        }
    }

    /** Why the URL is refused, or empty when its form and host are allowed. */
    public Optional<String> check(URI url) {
        if (url == null) {
            return Optional.of("URL is absent");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost() == null ? "" : stripBrackets(url.getHost().toLowerCase(Locale.ROOT));
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of("URL must start with http:// or https://: " + url);
        }
        if (host.isEmpty()) {
            return Optional.of("URL must name a host: " + url);
        }
        if (url.getRawUserInfo() != null) {
            return Optional.of("URL must not carry user info (put credentials in secrets): " + url.getScheme() + "://…@" + host);
        }
        boolean loopback = isLoopbackName(host);
        if (loopback && !allowLoopback) {
            return Optional.of("loopback target refused (allow-loopback is off): " + url);
        }
        if (scheme.equals("http") && !allowPlainHttp && !(loopback && allowLoopback)) {
            return Optional.of("plain http refused (allow-plain-http is off): " + url);
        }
        if (!loopback && !hostAllowed(host)) {
            return Optional.of("host " + host + " is not on the alert allowlist " + allowedHosts + ": " + url);
        }
        return Optional.empty();
    }

    /** Why one of the addresses {@code host} resolved to is refused, or empty. */
    public Optional<String> checkAddresses(String host, List<InetAddress> addresses) {
        if (addresses.isEmpty()) {
            return Optional.of("host " + host + " resolved to no address");
        }
        for (InetAddress a : addresses) {
            String refusal = null;
            if (a.isAnyLocalAddress() || a.isMulticastAddress() || a.isLinkLocalAddress()) {
                refusal = "a wildcard, multicast or link-local address";
            } else if (a.isLoopbackAddress() && !allowLoopback) {
                refusal = "a loopback address (allow-loopback is off)";
            } else if (isPrivate(a) && !allowPrivateNetworks) {
                refusal = "a private-network address (allow-private-networks is off)";
            }
            if (refusal != null) {
                return Optional.of("host " + host + " resolves to " + a.getHostAddress() + ", " + refusal);
            }
        }
        return Optional.empty();
    }

    private boolean hostAllowed(String host) {
        if (allowedHosts.contains(host)) {
            return true;
        }
        for (String pattern : allowedHosts) {
            if (pattern.startsWith("*.") && host.endsWith(pattern.substring(1)) && host.length() > pattern.length() - 1) {
                return true;
            }
        }
        return false;
    }

    static boolean isLoopbackName(String host) {
        return host.equals("localhost") || host.endsWith(".localhost") || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")
                || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1");
    }

    private static boolean isPrivate(InetAddress a) {
        if (a.isSiteLocalAddress()) {
            return true;
        }
        if (a instanceof Inet6Address) {
            byte first = a.getAddress()[0];
            return (first & 0xfe) == 0xfc; // fc00::/7 unique local
        }
        byte[] b = a.getAddress();
        // 100.64.0.0/10 carrier-grade NAT is internal too.
        return b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
