package dev.asyncsqlite.internal.session;

import dev.asyncsqlite.Row;
import dev.asyncsqlite.RowMapper;
import dev.asyncsqlite.internal.engine.SqliteNames;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Objects;

/**
 * Maps rows to records by component name. The column index of each component is found once per
 * result shape and reused for its rows.
 *
 * @param <R> the record type
 */
public final class RecordMapper<R extends Record> implements RowMapper<R> {
    private final Class<R> type;
    private final RecordComponent[] components;
    private final Constructor<R> constructor;
    // Any thread: a (columns, indexes) pair replaced as a whole.
    private volatile Layout layout;

    private record Layout(List<String> columns, int[] indexes) {
    }

    private RecordMapper(Class<R> type) {
        this.type = type;
        this.components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        try {
            this.constructor = type.getDeclaredConstructor(types);
            this.constructor.setAccessible(true);
        } catch (NoSuchMethodException | RuntimeException e) {
            throw new IllegalArgumentException("cannot use the canonical constructor of " + type.getName()
                    + " (is the record accessible to module dev.asyncsqlite?): " + e, e);
        }
    }

    /**
     * Makes a mapper for a record class.
     *
     * @param type the record class
     * @param <R> the record type
     * @return the mapper
     */
    public static <R extends Record> RowMapper<R> of(Class<R> type) {
        Objects.requireNonNull(type, "type must not be null");
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        return new RecordMapper<>(type);
    }

    @Override
    public R map(Row row) {
        Layout l = layout;
        if (l == null || !l.columns().equals(row.columns())) {
            l = layoutFor(row.columns());
            layout = l;
        }
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> componentType = components[i].getType();
            Object value;
            try {
                value = row.get(l.indexes()[i], componentType);
            } catch (ClassCastException e) {
                throw new IllegalArgumentException("record component " + type.getSimpleName() + "." + components[i].getName()
                        + ": " + e.getMessage(), e);
            }
            if (value == null && componentType.isPrimitive()) {
                throw new IllegalArgumentException("record component " + type.getSimpleName() + "." + components[i].getName()
                        + " is a " + componentType + " but column '" + row.columns().get(l.indexes()[i]) + "' is NULL");
            }
            args[i] = value;
        }
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new IllegalArgumentException("the constructor of " + type.getName() + " failed: " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot construct " + type.getName() + ": " + e, e);
        }
    }

    private Layout layoutFor(List<String> columns) {
        int[] indexes = new int[components.length];
        for (int i = 0; i < components.length; i++) {
            String wanted = normalize(components[i].getName());
            indexes[i] = -1;
            for (int c = 0; c < columns.size(); c++) {
                if (normalize(columns.get(c)).equals(wanted)) {
                    indexes[i] = c;
                    break;
                }
            }
            if (indexes[i] < 0) {
                throw new IllegalArgumentException("no column for record component " + type.getSimpleName() + "."
                        + components[i].getName() + " (columns: " + columns + ")");
            }
        }
        return new Layout(List.copyOf(columns), indexes);
    }

    private static String normalize(String name) {
        return SqliteNames.fold(name.replace("_", ""));
    }
}
