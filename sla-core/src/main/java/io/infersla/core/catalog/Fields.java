package io.infersla.core.catalog;

import io.infersla.core.json.JsonFields;
import java.util.List;

/**
 * The former name of {@link JsonFields}, kept only because the REST API package
 * ({@code io.infersla.engine.api.ContractsResource}) still names it while it is being converted
 * in parallel; new code uses {@link JsonFields}. Delete this class when that package no longer
 * refers to it.
 */
@Deprecated
public final class Fields extends JsonFields {

    private Fields(JsonFields fields) {
        super(fields.map(), fields.path(), fields.problems());
    }

    public static Fields of(Object value, String path, List<String> problems) {
        JsonFields fields = JsonFields.of(value, path, problems);
        return fields == null ? null : new Fields(fields);
    }

    @Override
    public Fields object(String key, boolean required) {
        JsonFields fields = super.object(key, required);
        return fields == null ? null : new Fields(fields);
    }
}
