package io.infersla.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersla.engine.app.ConsumerLag.PartitionOffsets;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ConsumerLagTest {

    @Test
    void behindIsFromTheCommittedOffsetToTheEnd() {
        assertThat(new PartitionOffsets(0, 120, OptionalLong.of(100)).behind()).isEqualTo(20);
        assertThat(new PartitionOffsets(0, 120, OptionalLong.of(120)).behind()).isZero();
    }

    @Test
    void aGroupThatNeverCommittedStartsAtTheLogStart() {
        assertThat(new PartitionOffsets(30, 120, OptionalLong.empty()).behind()).isEqualTo(90);
    }

    @Test
    void aCommitThatRetentionDeletedPastCountsFromTheLogStart() {
        assertThat(new PartitionOffsets(50, 120, OptionalLong.of(10)).behind()).isEqualTo(70);
    }

    @Test
    void neverNegative() {
        // A commit past the last stable offset: an open transaction's records were read uncommitted elsewhere.
        assertThat(new PartitionOffsets(0, 100, OptionalLong.of(105)).behind()).isZero();
    }
}
