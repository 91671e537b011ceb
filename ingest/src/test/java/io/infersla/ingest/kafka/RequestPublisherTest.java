package io.infersla.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersla.core.measure.Measurement;
import io.infersla.core.measure.Metric;
import io.infersla.core.request.InferenceRequest;
import io.infersla.core.request.RequestBatchCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestPublisherTest {

    static List<InferenceRequest> requests(int count, int measurementsEach) {
        List<Measurement> measurements = Collections.nCopies(measurementsEach, new Measurement(Metric.COST_USD, 1.5, 2.0));
        List<InferenceRequest> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            requests.add(new InferenceRequest(Instant.ofEpochSecond(1_800_000_000L, i * 1000L), measurements));
        }
        return requests;
    }

    @Test
    void smallSeriesIsOneRecord() {
        List<InferenceRequest> requests = requests(100, 4);

        assertThat(RequestPublisher.batches(requests)).containsExactly(requests);
    }

    @Test
    void largeSeriesIsSplitIntoRecordsUnderTheLimitKeepingOrder() {
        List<InferenceRequest> requests = requests(20_000, 8);

        List<List<InferenceRequest>> batches = RequestPublisher.batches(requests);

        assertThat(batches).hasSizeGreaterThan(1);
        assertThat(batches).allSatisfy(b -> assertThat(RequestBatchCodec.encode(b).length)
                .isLessThanOrEqualTo(RequestPublisher.MAX_BATCH_BYTES));
        assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(requests);
    }
}
