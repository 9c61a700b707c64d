package dev.asyncsqlite.internal.session;

import dev.asyncsqlite.Column;
import dev.asyncsqlite.internal.engine.SqliteNames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns of one result, shared by all of its rows: names, the name index (case-insensitive
 * as SQLite is, in ASCII only; the first column of a name wins) and the description. Immutable.
 */
public final class RowShape {
    /** The shape of a statement that returns no columns. */
    public static final RowShape NONE = new RowShape(List.of());

    private final List<Column> columns;
    private final List<String> names;
    private final Map<String, Integer> index;

    /**
     * Creates a shape.
     *
     * @param columns the columns in order
     */
    public RowShape(List<Column> columns) {
        this.columns = List.copyOf(columns);
        List<String> n = new ArrayList<>(columns.size());
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i).name();
            n.add(name);
            idx.putIfAbsent(SqliteNames.fold(name), i);
        }
        this.names = Collections.unmodifiableList(n);
        this.index = idx;
    }

    /**
     * The columns.
     *
     * @return the description
     */
    public List<Column> columns() {
        return columns;
    }

    /**
     * The column names.
     *
     * @return the names
     */
    public List<String> names() {
        return names;
    }

    /**
     * The number of columns.
     *
     * @return the count
     */
    public int size() {
        return columns.size();
    }

    /**
     * Finds a column by name, ignoring ASCII case.
     *
     * @param name the name
     * @return its index
     * @throws IllegalArgumentException if there is none
     */
    public int indexOf(String name) {
        int i = find(name);
        if (i < 0) {
            throw new IllegalArgumentException("no column named '" + name + "' (columns: " + names + ")");
        }
        return i;
    }

    /**
     * Finds a column by name, ignoring ASCII case.
     *
     * @param name the name
     * @return its index, or -1 if there is none
     */
    public int find(String name) {
        Integer i = index.get(name);
        if (i == null) {
            i = index.get(SqliteNames.fold(name));
        }
        return i == null ? -1 : i;
    }
}
