package dev.asyncsqlite.r2dbc;

import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;

/** A row of a result, its values converted by {@link Codecs} when read; also its own segment. */
final class SqliteRow implements Row, Result.RowSegment {
    private final dev.asyncsqlite.Row row;
    private final SqliteRowMetadata metadata;

    SqliteRow(dev.asyncsqlite.Row row, SqliteRowMetadata metadata) {
        this.row = row;
        this.metadata = metadata;
    }

    @Override
    public <T> T get(int index, Class<T> type) {
        if (type == null) {
            throw new IllegalArgumentException("type must not be null");
        }
        SqliteColumnMetadata column = metadata.getColumnMetadata(index);
        return Codecs.decode(row.get(index), column.getJavaType(), type, column.getName());
    }

    @Override
    public <T> T get(String name, Class<T> type) {
        return get(metadata.indexOf(name), type);
    }

    @Override
    public RowMetadata getMetadata() {
        return metadata;
    }

    @Override
    public Row row() {
        return this;
    }

    @Override
    public String toString() {
        return "SqliteRow" + java.util.Arrays.toString(row.toArray());
    }
}
