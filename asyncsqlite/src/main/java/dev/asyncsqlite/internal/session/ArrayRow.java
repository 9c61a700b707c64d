package dev.asyncsqlite.internal.session;

import dev.asyncsqlite.Row;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** A {@link Row} over an array of SQLite values. */
final class ArrayRow implements Row {
    private final RowShape shape;
    private final Object[] values;

    ArrayRow(RowShape shape, Object[] values) {
        this.shape = shape;
        this.values = values;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public List<String> columns() {
        return shape.names();
    }

    @Override
    public Object get(int index) {
        Object v = values[Objects.checkIndex(index, values.length)];
        return v instanceof byte[] ? ((byte[]) v).clone() : v;
    }

    @Override
    public Object get(String column) {
        return get(shape.indexOf(column));
    }

    @Override
    public <T> T get(String column, Class<T> type) {
        int index = shape.indexOf(column);
        return ValueConversions.convert(values[index], type, shape.names().get(index));
    }

    @Override
    public <T> T get(int index, Class<T> type) {
        Objects.checkIndex(index, values.length);
        return ValueConversions.convert(values[index], type, shape.names().get(index));
    }

    // The common cases without the general conversion: a value already of the wanted type.

    @Override
    public long getLong(int index) {
        Object v = values[Objects.checkIndex(index, values.length)];
        return v instanceof Long ? (Long) v : Row.super.getLong(index);
    }

    @Override
    public double getDouble(int index) {
        Object v = values[Objects.checkIndex(index, values.length)];
        return v instanceof Double ? (Double) v : Row.super.getDouble(index);
    }

    @Override
    public String getString(int index) {
        Object v = values[Objects.checkIndex(index, values.length)];
        return v instanceof String ? (String) v : Row.super.getString(index);
    }

    @Override
    public Object[] toArray() {
        Object[] copy = values.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] instanceof byte[]) {
                copy[i] = ((byte[]) copy[i]).clone();
            }
        }
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Row)) {
            return false;
        }
        Row other = (Row) o;
        if (!columns().equals(other.columns())) {
            return false;
        }
        return Arrays.deepEquals(values, other instanceof ArrayRow ? ((ArrayRow) other).values : other.toArray());
    }

    @Override
    public int hashCode() {
        return 31 * columns().hashCode() + Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Row{");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(shape.names().get(i)).append('=');
            Object v = values[i];
            if (v instanceof byte[]) {
                b.append("x'");
                for (byte x : (byte[]) v) {
                    b.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
                }
                b.append('\'');
            } else if (v instanceof String) {
                b.append('\'').append(v).append('\'');
            } else {
                b.append(v);
            }
        }
        return b.append('}').toString();
    }
}
