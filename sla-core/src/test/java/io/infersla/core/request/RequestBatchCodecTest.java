package io.infersla.core.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersla.core.measure.Measurement;
import io.infersla.core.measure.Metric;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RequestBatchCodecTest {

    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00.123456Z");

    private static List<InferenceRequest> sampleBatch() {
        return List.of(
                new InferenceRequest(T0, List.of(Measurement.of(Metric.TTFT_MS, 180.5), Measurement.of(Metric.TPOT_MS, 22),
                        Measurement.of(Metric.E2E_MS, 2100), Measurement.of(Metric.TOKENS, 640))),
                new InferenceRequest(T0.minusMillis(1500), List.of(new Measurement(Metric.WER, 0.07, 1200))),
                new InferenceRequest(T0.plusSeconds(3), List.of(new Measurement(Metric.COST_USD, 0.0031, 2048),
                        Measurement.of(Metric.STEP_MS, 900), Measurement.of(Metric.STEP_MS, 1400))));
    }

    @Test
    void roundTripsTimesToTheMicrosecondAndEveryMeasurement() {
        List<InferenceRequest> batch = sampleBatch();
        assertThat(RequestBatchCodec.decode(RequestBatchCodec.encode(batch))).isEqualTo(batch);
    }

    @Test
    void aTypicalLlmRequestTakesAboutFortyBytes() {
        byte[] bytes = RequestBatchCodec.encode(List.of(sampleBatch().get(0), sampleBatch().get(0)));
        // header 10 bytes, then per request: delta 1, count 1, four measurements of 9 bytes
        assertThat(bytes.length).isEqualTo(1 + 1 + 8 + 2 * (1 + 1 + 4 * 9));
    }

    @Test
    void framesRoundTripAsVersion2WithTheirStreamAndMayHaveNoMeasurementOfTheirOwn() {
        FrameStream camera = FrameStream.named("cam-7");
        List<InferenceRequest> batch = List.of(
                new InferenceRequest(T0, List.of(Measurement.of(Metric.E2E_MS, 8.5)), Optional.of(camera)),
                new InferenceRequest(T0.plusMillis(33), List.of(), Optional.of(FrameStream.named("cam-8"))),
                new InferenceRequest(T0.plusMillis(40), List.of(Measurement.of(Metric.E2E_MS, 9))));

        byte[] bytes = RequestBatchCodec.encode(batch);

        assertThat(bytes[0]).isEqualTo(RequestBatchCodec.FORMAT_VERSION);
        assertThat(RequestBatchCodec.decode(bytes)).isEqualTo(batch);
        // header 10; the first frame: delta 1, n 1, stream 8, measurement 9; the bare frame: delta 3 (33,000 µs),
        // n 1, stream 8; the request that is no frame: delta 3, n 1, measurement 9
        assertThat(bytes.length).isEqualTo(10 + 19 + 12 + 13);
    }

    @Test
    void aBatchWithoutFramesIsStillWrittenAsVersion1() {
        assertThat(RequestBatchCodec.encode(sampleBatch())[0]).isEqualTo(RequestBatchCodec.FIRST_VERSION);
    }

    @Test
    void aVersion1RecordWrittenBeforeFramesExistedStillDecodes() {
        // Written by the version-1 codec: two requests, 1 ms apart; ttft 180.5 (no weight), then wer 0.07 weighted 1200.
        byte[] v1 = HexFormat.of().parseHex("01" + "02" + "00065f48357fea40"
                + "00" + "01" + "01" + "4066900000000000"
                + "d00f" + "01" + "89" + "3fb1eb851eb851ec" + "4092c00000000000");

        assertThat(RequestBatchCodec.decode(v1)).containsExactly(
                new InferenceRequest(Instant.ofEpochSecond(0, 1_793_613_600_123_456_000L),
                        List.of(Measurement.of(Metric.TTFT_MS, 180.5))),
                new InferenceRequest(Instant.ofEpochSecond(0, 1_793_613_600_124_456_000L),
                        List.of(new Measurement(Metric.WER, 0.07, 1200))));
    }

    @Test
    void aVersion1RequestWithoutMeasurementsIsCorruptEvenThoughAFrameMayHaveNone() {
        byte[] v1 = HexFormat.of().parseHex("01" + "01" + "00065f48357fea40" + "00" + "00");
        assertThatThrownBy(() -> RequestBatchCodec.decode(v1))
                .hasMessage("request batch: request 0: measurement count must be 1..1024, was 0");
        byte[] v2 = HexFormat.of().parseHex("02" + "01" + "00065f48357fea40" + "00" + "00");
        assertThatThrownBy(() -> RequestBatchCodec.decode(v2))
                .hasMessage("request batch: request 0: measurement count must be 1..1024, was 0");
    }

    @Test
    void streamIdentityIsTheFnv1aHashOfTheStreamIdSoEveryIngestInstanceAgrees() {
        assertThat(FrameStream.named("").id()).isEqualTo(0xcbf29ce484222325L);
        assertThat(FrameStream.named("a").id()).isEqualTo(0xaf63dc4c8601ec8cL);
        assertThat(FrameStream.named("foobar").id()).isEqualTo(0x85944171f73967e8L);
        assertThat(FrameStream.named("cam-7")).isNotEqualTo(FrameStream.named("cam-8"));
    }

    @Test
    void corruptRecordsAreRejectedWithTheProblemNeverAsAPartialBatch() {
        byte[] good = RequestBatchCodec.encode(sampleBatch());
        assertThatThrownBy(() -> RequestBatchCodec.decode(Arrays.copyOf(good, good.length - 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("request batch is truncated");
        byte[] wrongVersion = good.clone();
        wrongVersion[0] = 7;
        assertThatThrownBy(() -> RequestBatchCodec.decode(wrongVersion))
                .hasMessage("request batch format version must be 1 or 2, was 7");
        assertThatThrownBy(() -> RequestBatchCodec.decode(new byte[0])).hasMessageStartingWith("request batch is truncated");
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> RequestBatchCodec.decode(trailing)).hasMessage("request batch has 1 trailing bytes");
    }

    @Test
    void negativeOrNanValuesInARecordAreRejected() {
        byte[] bytes = RequestBatchCodec.encode(List.of(new InferenceRequest(T0, List.of(Measurement.of(Metric.E2E_MS, 5)))));
        // the value's 8 bytes start after version(1) count(1) base(8) delta(1) n(1) code(1)
        long nanBits = Double.doubleToRawLongBits(Double.NaN);
        for (int i = 0; i < 8; i++) {
            bytes[13 + i] = (byte) (nanBits >>> (56 - 8 * i));
        }
        assertThatThrownBy(() -> RequestBatchCodec.decode(bytes))
                .hasMessageStartingWith("request batch holds an invalid measurement: e2e_ms: value must be finite");
    }

    @Test
    void randomBytesNeverDecodeSilently() {
        Random random = new Random(42);
        int decoded = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[random.nextInt(64)];
            random.nextBytes(junk);
            try {
                RequestBatchCodec.decode(junk);
                decoded++;
            } catch (IllegalArgumentException expected) {
                assertThat(expected.getMessage()).startsWith("request batch");
            }
        }
        assertThat(decoded).isZero();
    }

    @Test
    void seriesKeyRoundTripsAnyAttributeValue() {
        SeriesKey key = new SeriesKey("acme", "gold|2026", "chat-api", "prod", "llama-3.1-70b%q4", "chatbot", "gpu", "xl");
        assertThat(key.canonical()).isEqualTo("acme|gold%7C2026|chat-api|prod|llama-3.1-70b%25q4|chatbot|gpu|xl");
        assertThat(SeriesKey.parse(key.canonical())).isEqualTo(key);
        assertThat(SeriesKey.fromBytes(key.toBytes())).isEqualTo(key);
        assertThat(key.conditionAttributes()).containsEntry("hardware", "gpu").containsEntry("model_size", "xl");
    }

    @Test
    void seriesKeyNamesMissingPartsAndMalformedText() {
        assertThatThrownBy(() -> new SeriesKey("acme", "default", "", null, null, "chatbot", null, null))
                .hasMessage("service must be set, was empty");
        assertThatThrownBy(() -> SeriesKey.parse("a|b|c")).hasMessage("series key must have 8 parts, had 3");
        assertThatThrownBy(() -> SeriesKey.parse("a|b|c|d|e%zz|f|g|h")).hasMessage("series key has an unknown escape %zz at 9");
        SeriesKey minimal = new SeriesKey("acme", "default", "svc", null, null, "embeddings", null, null);
        assertThat(SeriesKey.parse(minimal.canonical())).isEqualTo(minimal);
        assertThat(minimal.conditionAttributes()).isEmpty();
    }

    @Test
    void batchSizeIsBounded() {
        assertThatThrownBy(() -> RequestBatchCodec.encode(new ArrayList<>()))
                .hasMessage("a batch holds 1 to 100000 requests, had 0");
        assertThatThrownBy(() -> new InferenceRequest(T0, List.of())).hasMessage("a request needs at least one measurement or a frame stream");
    }

    @Test
    void metricCodesAreUniqueAndStable() {
        assertThat(Arrays.stream(Metric.values()).map(Metric::code).distinct().count()).isEqualTo(Metric.values().length);
        assertThat(Metric.fromCode(1)).hasValue(Metric.TTFT_MS);
        assertThat(Metric.fromCode(9)).hasValue(Metric.WER);
        assertThat(Metric.fromCode(16)).hasValue(Metric.JOB_DURATION_H);
        assertThat(Metric.fromCode(0)).isEmpty();
    }
}
