package io.infersla.engine.topology;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.contract.ContractTerms;
import io.infersla.core.contract.ContractTermsJson;
import io.infersla.core.request.SeriesKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A task's view of the contract terms in the global store, parsed once per version. Terms this
 * engine cannot read (a record written against another catalog) are logged once per version
 * and the contract is evaluated by the catalog alone until a readable version arrives.
 */
final class ContractTermsCache {

    private static final Logger LOG = Logger.getLogger(ContractTermsCache.class);

    private record Parsed(byte[] raw, ContractTerms terms) {
    }

    private final Catalog catalog;
    private final ReadOnlyKeyValueStore<Bytes, byte[]> store;
    private final Map<String, Parsed> parsed = new HashMap<>();

    ContractTermsCache(Catalog catalog, ReadOnlyKeyValueStore<Bytes, byte[]> store) {
        this.catalog = catalog;
        this.store = store;
    }

    ContractTerms termsOf(SeriesKey series) {
        String key = series.contractKey();
        byte[] raw = store.get(Bytes.wrap(key.getBytes(StandardCharsets.UTF_8)));
        if (raw == null) {
            parsed.remove(key);
            return ContractTerms.none(series.tenant(), series.contract());
        }
        Parsed known = parsed.get(key);
        if (known != null && (known.raw() == raw || Arrays.equals(known.raw(), raw))) {
            return known.terms();
        }
        ContractTerms terms;
        try {
            terms = ContractTermsJson.decode(catalog, raw);
        } catch (IllegalArgumentException e) {
            LOG.error("terms of contract " + key + " cannot be read; evaluating it by the catalog alone: "
                    + e.getMessage());
            terms = ContractTerms.none(series.tenant(), series.contract());
        }
        parsed.put(key, new Parsed(raw, terms));
        return terms;
    }
}
