package io.infersla.engine.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.request.SeriesKey;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

class SeriesTableTest {

    private static final SeriesKey CHAT = new SeriesKey("acme", "default", "chat-api", "prod", "llama-70b", "chatbot", "gpu", "xl");

    private final SeriesTable table = new SeriesTable(EngineSettings.defaults(Catalog.builtIn()));

    @Test
    void aSeriesIsCreatedOnceAndKeepsItsOwnCopyOfTheKey() {
        byte[] recordKey = CHAT.toBytes();
        SeriesState state = table.get(recordKey);
        recordKey[0] = 'X'; // Kafka Streams may reuse the record's array

        assertThat(table.get(CHAT.toBytes())).isSameAs(state);
        assertThat(state.key).isEqualTo(CHAT);
        assertThat(state.objectives).isNotEmpty();
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void aCategoryOutsideTheCatalogHasNoSeries() {
        SeriesKey unknown = new SeriesKey("acme", "default", "x", "prod", "m", "no-such-category", "gpu", "xl");

        assertThat(table.get(unknown.toBytes())).isNull();
        assertThat(table.size()).isZero();
    }

    @Test
    void bytesThatAreNoSeriesKeyAreRefused() {
        assertThatThrownBy(() -> table.get("not a key".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void removingThroughTheIteratorDropsTheSeries() {
        SeriesState first = table.get(CHAT.toBytes());
        Iterator<SeriesState> it = table.iterator();
        it.next();
        it.remove();

        assertThat(table.size()).isZero();
        assertThat(table.get(CHAT.toBytes())).isNotSameAs(first);
    }
}
