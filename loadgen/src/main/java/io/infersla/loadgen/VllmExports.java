package io.infersla.loadgen;

import io.infersla.core.catalog.Catalog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * OTLP/HTTP exports of vLLM {@code llm_request} spans (the chatbot shape of {@link SpanShapes}:
 * gen_ai latency attributes in seconds, token usage, model, {@code sla.category}), encoded once
 * so that a load test spends its CPU on sending, not on building protobuf.
 */
public final class VllmExports {

    private static final String CATEGORY = "chatbot";

    private VllmExports() {
    }

    /**
     * {@code exports} distinct protobuf exports of {@code spansPerExport} spans each, every span
     * ending within the second before {@code end} (so ingest accepts them for its late bound, 10
     * minutes by default, after {@code end}).
     */
    public static List<byte[]> encode(int exports, int spansPerExport, Instant end, long seed) {
        if (exports < 1 || spansPerExport < 1) {
            throw new IllegalArgumentException("exports and spans per export must be >= 1, were " + exports + " and "
                    + spansPerExport);
        }
        SpanShapes shapes = new SpanShapes(Catalog.builtIn(), "bench");
        Random random = new Random(seed);
        long endNanos = end.getEpochSecond() * 1_000_000_000L + end.getNano();
        List<byte[]> encoded = new ArrayList<>(exports);
        for (int e = 0; e < exports; e++) {
            List<GeneratedSpan> spans = new ArrayList<>(spansPerExport);
            for (int s = 0; s < spansPerExport; s++) {
                spans.add(shapes.next(CATEGORY, endNanos - random.nextInt(1_000_000_000), random, SpanShapes.Distortion.NONE));
            }
            encoded.add(OtlpEncoding.encode(spans, random).toByteArray());
        }
        return encoded;
    }
}
