package io.infersla.engine.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * JSON as the API has always written it, so clients that match its text keep working: the layout
 * of {@link ApiPrettyPrinter}, and numbers in plain form (a limit of 300 reads {@code 300}, not
 * {@code 300.0}; no exponent).
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
        mapper.setDefaultPrettyPrinter(new ApiPrettyPrinter());
        mapper.enable(SerializationFeature.INDENT_OUTPUT);
    }

    static String plain(Number n) {
        if (n instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros().toPlainString();
        }
        double d = n.doubleValue();
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static final class PlainNumber<T extends Number> extends StdSerializer<T> {

        PlainNumber(Class<T> type) {
            super(type);
        }

        @Override
        public void serialize(T value, JsonGenerator out, SerializerProvider provider) throws IOException {
            if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
                // JSON has no such number; an evaluation never stores one, so this is a bug to see, not to hide
                throw new IllegalArgumentException("JSON has no representation for " + d);
            }
            out.writeNumber(plain(value));
        }
    }
}
