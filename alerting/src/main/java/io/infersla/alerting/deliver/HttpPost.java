package io.infersla.alerting.deliver;

import io.infersla.alerting.routing.Channel;
import io.infersla.alerting.secret.Secret;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * The one place notifiers touch HTTP: POST a JSON body, classify the answer with {@link
 * StatusPolicy}, turn network errors into retries. Every reason is redacted with the message's
 * secret, because peers echo what they were sent.
 *
 * <p>The SSRF guard is part of the connection: the client resolves host names only through
 * {@link UrlGuard#resolveAllowed}, so it connects to exactly the addresses that were checked
 * (java.net.http's client resolves on its own, which left a DNS-rebinding window between a
 * check and the connection). The URL still names the host, so the {@code Host} header, TLS SNI
 * and certificate hostname verification are the host's. Redirects are never followed (a
 * permitted host must not bounce a request to an internal one) and nothing is retried by the
 * client: the outbox decides retries.
 */
public final class HttpPost implements AutoCloseable {

    /** How much of an error response body goes into {@code last_error}. */
    static final int MAX_BODY_IN_REASON = 300;

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private static final ContentType JSON = ContentType.create("application/json");

    private final UrlGuard guard;
    private final Duration timeout;
    private final Clock clock;
    private final CloseableHttpAsyncClient client;

    /**
     * @param guard where requests may go; its resolver is the client's only resolver
     * @param timeout for the whole exchange, from sending to the end of the answer
     */
    public HttpPost(UrlGuard guard, Duration timeout, Clock clock) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0, was " + timeout);
        }
        this.guard = guard;
        this.timeout = timeout;
        this.clock = clock;
        this.client = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setDnsResolver(new GuardedResolver(guard))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(CONNECT_TIMEOUT))
                                .setSocketTimeout(Timeout.of(timeout))
                                .build())
                        .setMaxConnTotal(256)
                        .setMaxConnPerRoute(64)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build())
                .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
                .setUserAgent("InferSLA-alerting/1")
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
        client.start();
    }

    public CompletableFuture<Outcome> post(Channel channel, URI url, byte[] body, Map<String, String> headers,
            Optional<Secret> secret) {
        Optional<Outcome> blocked = guard.blocked(url);
        if (blocked.isPresent()) {
            return CompletableFuture.completedFuture(blocked.get());
        }
        SimpleRequestBuilder builder = SimpleRequestBuilder.post(url).setBody(body, JSON);
        headers.forEach(builder::addHeader);
        SimpleHttpRequest request = builder.build();
        CompletableFuture<SimpleHttpResponse> answer = new CompletableFuture<>();
        Future<SimpleHttpResponse> exchange = client.execute(SimpleRequestProducer.create(request),
                SimpleResponseConsumer.create(), new FutureCallback<>() {
                    @Override
                    public void completed(SimpleHttpResponse response) {
                        answer.complete(response);
                    }

                    @Override
                    public void failed(Exception e) {
                        answer.completeExceptionally(e);
                    }

                    @Override
                    public void cancelled() {
                        answer.completeExceptionally(new CancellationException("request cancelled"));
                    }
                });
        // The response timeout is per read; this bounds the whole exchange, as a notifier expects.
        answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((response, error) -> {
                    if (error != null) {
                        exchange.cancel(true);
                    }
                });
        return answer.handle((response, error) -> error == null
                ? classify(channel, response, secret)
                : networkFailure(error, secret));
    }

    private Outcome classify(Channel channel, SimpleHttpResponse response, Optional<Secret> secret) {
        int status = response.getCode();
        return switch (StatusPolicy.classify(channel, status)) {
            case DELIVERED -> new Outcome.Delivered(status);
            case RETRY -> new Outcome.Retry("HTTP " + status + excerpt(response.getBodyText(), secret),
                    RetryAfter.parse(Optional.ofNullable(response.getFirstHeader("Retry-After")).map(Header::getValue),
                            clock.instant()));
            case DEAD -> new Outcome.Dead("HTTP " + status + excerpt(response.getBodyText(), secret));
        };
    }

    private static Outcome networkFailure(Throwable error, Optional<Secret> secret) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof UrlGuard.RefusedAddressException refused) {
                return new Outcome.Dead(redact(refused.getMessage(), secret));
            }
        }
        String kind = cause instanceof TimeoutException || cause instanceof SocketTimeoutException
                ? "timeout" : "network error";
        String text = kind + ": " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return new Outcome.Retry(redact(text, secret), Optional.empty());
    }

    private static String excerpt(String body, Optional<Secret> secret) {
        if (body == null || body.isBlank()) {
            return "";
        }
        // Redact before cutting: a secret straddling the cut would otherwise leak its first half.
        String oneLine = redact(body, secret).replaceAll("\\s+", " ").trim();
        if (oneLine.length() > MAX_BODY_IN_REASON) {
            oneLine = oneLine.substring(0, MAX_BODY_IN_REASON) + "…";
        }
        return ": " + oneLine;
    }

    static String redact(String text, Optional<Secret> secret) {
        return secret.map(s -> s.redact(text)).orElse(text);
    }

    /** Closes the connections; requests in flight fail. Idempotent. */
    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }

    /** The client's resolver: the guard's check and the connection's addresses are one answer. */
    private static final class GuardedResolver implements DnsResolver {
        private final UrlGuard guard;

        GuardedResolver(UrlGuard guard) {
            this.guard = guard;
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            return guard.resolveAllowed(host).toArray(InetAddress[]::new);
        }

        @Override
        public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
            List<InetSocketAddress> endpoints = new ArrayList<>();
            for (InetAddress address : guard.resolveAllowed(host)) {
                endpoints.add(new InetSocketAddress(address, port));
            }
            return endpoints;
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            // Only used for Kerberos, which is off; never a second, unchecked lookup.
            return host;
        }
    }
}
