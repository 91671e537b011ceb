package io.infersla.alerting.deliver;

import io.infersla.alerting.routing.Channel;
import io.infersla.alerting.secret.Secret;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The one place notifiers touch HTTP: POST a JSON body, classify the answer with {@link
 * StatusPolicy}, turn network errors into retries. Redirects are never followed (a permitted
 * host must not be able to bounce a request to an internal one), and every reason is redacted
 * with the message's secret, because peers echo what they were sent.
 */
public final class HttpPost {

    /** How much of an error response body goes into {@code last_error}. */
    static final int MAX_BODY_IN_REASON = 300;

    private final HttpClient client;
    private final Duration timeout;
    private final Clock clock;

    public HttpPost(HttpClient client, Duration timeout, Clock clock) {
        if (client.followRedirects() != HttpClient.Redirect.NEVER) {
            throw new IllegalArgumentException("the HTTP client must not follow redirects (SSRF), was " + client.followRedirects());
        }
        this.client = client;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** A client as the notifiers need it: no redirects, HTTP/1.1, 5 s connect timeout. */
    public static HttpClient defaultClient() {
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public CompletableFuture<Outcome> post(Channel channel, URI url, byte[] body, Map<String, String> headers,
            Optional<Secret> secret) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "InferSLA-alerting/1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> error == null
                        ? classify(channel, response, secret)
                        : networkFailure(error, secret));
    }

    private Outcome classify(Channel channel, HttpResponse<String> response, Optional<Secret> secret) {
        int status = response.statusCode();
        return switch (StatusPolicy.classify(channel, status)) {
            case DELIVERED -> new Outcome.Delivered(status);
            case RETRY -> new Outcome.Retry("HTTP " + status + excerpt(response.body(), secret),
                    RetryAfter.parse(response.headers().firstValue("Retry-After"), clock.instant()));
            case DEAD -> new Outcome.Dead("HTTP " + status + excerpt(response.body(), secret));
        };
    }

    private static Outcome networkFailure(Throwable error, Optional<Secret> secret) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String kind = cause instanceof HttpTimeoutException ? "timeout" : "network error";
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
}
