package io.infersla.engine.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.infersla.core.json.Json;
import io.infersla.core.json.TwoSpaceLayout;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * JSON as the API has always written it, so clients that match its text keep working: sla-core's
 * {@link TwoSpaceLayout} and {@link Json#plainNumber plain numbers} (a limit of 300 reads
 * {@code 300}, not {@code 300.0}; no exponent), as {@link Json#write} has them.
 */
@Singleton
public class ApiJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule numbers = new SimpleModule("infersla-api-numbers");
        numbers.addSerializer(Double.class, new PlainNumber<>(Double.class));
        numbers.addSerializer(Double.TYPE, new PlainNumber<>(Double.class));
        numbers.addSerializer(BigDecimal.class, new PlainNumber<>(BigDecimal.class));
        mapper.registerModule(numbers);
        mapper.setDefaultPrettyPrinter(new TwoSpaceLayout());
        mapper.enable(SerializationFeature.INDENT_OUTPUT);
    }

    private static final class PlainNumber<T extends Number> extends StdSerializer<T> {

        PlainNumber(Class<T> type) {
            super(type);
        }

        @Override
        public void serialize(T value, JsonGenerator out, SerializerProvider provider) throws IOException {
            // NaN and infinities throw: an evaluation never stores one, so it is a bug to see, not to hide
            out.writeNumber(Json.plainNumber(value));
        }
    }
}
