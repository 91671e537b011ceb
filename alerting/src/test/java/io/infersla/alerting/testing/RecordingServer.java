package io.infersla.alerting.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/** A loopback HTTP server that records every request and answers scripted statuses (default 200). */
public final class RecordingServer implements AutoCloseable {

    public record Request(String method, String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    private final HttpServer server;
    private final Deque<Integer> script = new ConcurrentLinkedDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile String errorBody = "";
    private volatile Map<String, String> answerHeaders = Map.of();

    public RecordingServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public RecordingServer thenAnswer(int status, int times) {
        for (int i = 0; i < times; i++) {
            script.addLast(status);
        }
        return this;
    }

    /** The body of non-2xx answers (e.g. one that echoes a secret). */
    public RecordingServer errorBody(String body) {
        errorBody = body;
        return this;
    }

    /** Headers of every answer (e.g. a Location for a redirect). */
    public RecordingServer answerHeaders(Map<String, String> headers) {
        answerHeaders = Map.copyOf(headers);
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public void reset() {
        requests.clear();
        script.clear();
        errorBody = "";
        answerHeaders = Map.of();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), body));
            Integer next = script.pollFirst();
            int status = next == null ? 200 : next;
            answerHeaders.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] out = (status >= 300 ? errorBody : "").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
