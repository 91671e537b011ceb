package io.infersla.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.util.Instantiatable;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The project's one pretty layout, of {@link Json#write} (the catalog, the local contract) and of
 * the REST API's answers, whose text scripts match (like {@code "contract": "local"}): two-space
 * indent, {@code "name": value}, empty containers as {@code {}} and {@code []}, an array of plain
 * values on one line ({@code ["a", "b"]}) and one of objects or arrays one element per line (its
 * first element decides, so a streaming writer such as Jackson's databind can use it), and a final
 * newline.
 */
public final class TwoSpaceLayout implements PrettyPrinter, Instantiatable<TwoSpaceLayout> {

    /** How an open array lays out its elements; its first element decides. */
    private enum Layout { FIRST_PENDING, ONE_LINE, ONE_PER_LINE }

    /** Per open array. */
    private final Deque<Layout> layouts = new ArrayDeque<>();
    /** Per open container: true for an array. */
    private final Deque<Boolean> arrays = new ArrayDeque<>();

    @Override
    public TwoSpaceLayout createInstance() {
        return new TwoSpaceLayout();
    }

    @Override
    public void writeRootValueSeparator(JsonGenerator out) {
        // one value per response: each ends with its own newline (afterContainer)
    }

    @Override
    public void writeStartObject(JsonGenerator out) throws IOException {
        beforeContainer(out);
        arrays.push(false);
        out.writeRaw('{');
    }

    @Override
    public void beforeObjectEntries(JsonGenerator out) throws IOException {
        newLine(out, arrays.size());
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator out) throws IOException {
        out.writeRaw(": ");
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator out) throws IOException {
        out.writeRaw(',');
        newLine(out, arrays.size());
    }

    @Override
    public void writeEndObject(JsonGenerator out, int entries) throws IOException {
        arrays.pop();
        if (entries > 0) {
            newLine(out, arrays.size());
        }
        out.writeRaw('}');
        afterContainer(out);
    }

    @Override
    public void writeStartArray(JsonGenerator out) throws IOException {
        beforeContainer(out);
        arrays.push(true);
        layouts.push(Layout.ONE_LINE);
        out.writeRaw('[');
    }

    @Override
    public void beforeArrayValues(JsonGenerator out) {
        layouts.pop();
        layouts.push(Layout.FIRST_PENDING);
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator out) throws IOException {
        if (layouts.peek() == Layout.ONE_PER_LINE) {
            out.writeRaw(',');
            newLine(out, arrays.size());
        } else {
            layouts.pop();
            layouts.push(Layout.ONE_LINE);
            out.writeRaw(", ");
        }
    }

    @Override
    public void writeEndArray(JsonGenerator out, int values) throws IOException {
        arrays.pop();
        if (layouts.pop() == Layout.ONE_PER_LINE) {
            newLine(out, arrays.size());
        }
        out.writeRaw(']');
        afterContainer(out);
    }

    /** An object or array as the first element of an array puts that array's elements one per line. */
    private void beforeContainer(JsonGenerator out) throws IOException {
        if (Boolean.TRUE.equals(arrays.peek()) && layouts.peek() == Layout.FIRST_PENDING) {
            layouts.pop();
            layouts.push(Layout.ONE_PER_LINE);
            newLine(out, arrays.size());
        }
    }

    private void afterContainer(JsonGenerator out) throws IOException {
        if (arrays.isEmpty()) {
            out.writeRaw('\n');
        }
    }

    private static void newLine(JsonGenerator out, int depth) throws IOException {
        out.writeRaw('\n');
        out.writeRaw("  ".repeat(depth));
    }
}
