package io.infersla.core.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The SLA catalog: every category InferSLA knows and its default objectives. It is data (a
 * versioned JSON file, {@value #BUILT_IN_RESOURCE}), validated when loaded; contracts may
 * override any of it.
 */
public record Catalog(int version, List<Category> categories) {

    /** The catalog shipped with InferSLA, on the classpath. */
    public static final String BUILT_IN_RESOURCE = "/infersla/catalog.json";

    public Catalog {
        if (version < 1) {
            throw new IllegalArgumentException("catalog_version must be >= 1, was " + version);
        }
        categories = List.copyOf(categories);
        Set<String> seen = new HashSet<>();
        for (Category category : categories) {
            if (!seen.add(category.id())) {
                throw new IllegalArgumentException("category id '" + category.id() + "' appears twice");
            }
        }
    }

    public Optional<Category> category(String id) {
        return categories.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** Loads and validates the built-in catalog. */
    public static Catalog builtIn() {
        try (InputStream in = Catalog.class.getResourceAsStream(BUILT_IN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("built-in catalog " + BUILT_IN_RESOURCE + " is missing from the classpath");
            }
            return CatalogLoader.load(BUILT_IN_RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in catalog " + BUILT_IN_RESOURCE, e);
        }
    }
}
