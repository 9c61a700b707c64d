package dev.asyncsqlite.r2dbc;

import dev.asyncsqlite.Column;
import dev.asyncsqlite.internal.session.RowShape;
import io.r2dbc.spi.RowMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The columns of a query's rows; names are matched as SQLite matches them, without regard to
 * ASCII case, and the first one wins.
 */
final class SqliteRowMetadata implements RowMetadata {
    private final List<SqliteColumnMetadata> columns;
    private final RowShape shape;

    SqliteRowMetadata(List<Column> description) {
        this.shape = new RowShape(description);
        List<SqliteColumnMetadata> list = new ArrayList<>(description.size());
        for (Column c : description) {
            list.add(new SqliteColumnMetadata(c.name(), c.declaredType()));
        }
        this.columns = List.copyOf(list);
    }

    @Override
    public SqliteColumnMetadata getColumnMetadata(int index) {
        if (index < 0 || index >= columns.size()) {
            throw new IndexOutOfBoundsException("column index " + index + " is out of range: the row has "
                    + columns.size() + " columns");
        }
        return columns.get(index);
    }

    @Override
    public SqliteColumnMetadata getColumnMetadata(String name) {
        return columns.get(indexOf(name));
    }

    @Override
    public List<SqliteColumnMetadata> getColumnMetadatas() {
        return columns;
    }

    @Override
    public boolean contains(String columnName) {
        return find(columnName) >= 0;
    }

    int indexOf(String name) {
        int i = find(name);
        if (i < 0) {
            throw new NoSuchElementException("no column named " + name + " (columns: " + columns + ")");
        }
        return i;
    }

    private int find(String name) {
        if (name == null) {
            throw new IllegalArgumentException("name must not be null");
        }
        return shape.find(name);
    }

    @Override
    public String toString() {
        return columns.toString();
    }
}
