package dev.asyncsqlite.internal.session;

import dev.asyncsqlite.Row;
import dev.asyncsqlite.RowView;
import dev.asyncsqlite.internal.engine.NativeStatement;
import java.util.List;
import java.util.Objects;

/**
 * A {@link RowView} over the statement a scan is stepping: each getter is one column read. It
 * points at the statement only while the scan's callback runs, and only for the worker thread,
 * so nobody reads a statement that has stepped on, been reset or been finalized.
 */
final class StatementRowView implements RowView {
    private final RowShape shape;
    private final boolean textAsBytes;
    private final Thread worker = Thread.currentThread();
    private NativeStatement statement;

    StatementRowView(RowShape shape, boolean textAsBytes) {
        this.shape = shape;
        this.textAsBytes = textAsBytes;
    }

    void enter(NativeStatement statement) {
        this.statement = statement;
    }

    void leave() {
        statement = null;
    }

    private NativeStatement current() {
        NativeStatement s = statement;
        if (s == null || Thread.currentThread() != worker) {
            throw new IllegalStateException("a RowView is readable only inside the scan callback it was handed to, on its thread");
        }
        return s;
    }

    private NativeStatement at(int index) {
        NativeStatement s = current();
        Objects.checkIndex(index, shape.size());
        return s;
    }

    @Override
    public int size() {
        return shape.size();
    }

    @Override
    public List<String> columns() {
        return shape.names();
    }

    @Override
    public int indexOf(String column) {
        return shape.indexOf(column);
    }

    @Override
    public boolean isNull(int index) {
        return at(index).columnType(index) == NativeStatement.NULL;
    }

    @Override
    public long getLong(int index) {
        return at(index).columnLong(index);
    }

    @Override
    public double getDouble(int index) {
        return at(index).columnDouble(index);
    }

    @Override
    public String getString(int index) {
        return at(index).columnText(index);
    }

    @Override
    public byte[] getBytes(int index) {
        return at(index).columnBlob(index);
    }

    @Override
    public Row toRow() {
        Object[] values = new Object[shape.size()];
        current().readRow(values, textAsBytes);
        return new ArrayRow(shape, values);
    }

    @Override
    public String toString() {
        return statement == null ? "RowView(outside its callback)" : "RowView" + shape.names();
    }
}
