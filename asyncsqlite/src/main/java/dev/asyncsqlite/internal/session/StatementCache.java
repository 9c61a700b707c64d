package dev.asyncsqlite.internal.session;

import dev.asyncsqlite.Column;
import dev.asyncsqlite.internal.engine.NativeConnection;
import dev.asyncsqlite.internal.engine.NativeStatement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prepared statements kept for reuse, least recently used first out: the
 * {@code cached_statements} of {@code sqlite3}. A statement in use by an unfinished result is
 * never handed out twice; a second user of the same SQL gets a fresh, uncached statement.
 * Worker thread only.
 */
final class StatementCache {
    /** A prepared statement and what is known about it. Worker thread only. */
    static final class Entry {
        final NativeStatement statement;
        private RowShape shape;
        private long shapeEpoch;
        boolean inUse;
        boolean cached;

        Entry(NativeStatement statement) {
            this.statement = statement;
        }
    }

    private final NativeConnection connection;
    private final int capacity;
    private final LinkedHashMap<String, Entry> entries;
    // Bumped whenever the schema may have changed, so column shapes are read again.
    private long schemaEpoch;

    StatementCache(NativeConnection connection, int capacity) {
        this.connection = connection;
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true);
    }

    Entry acquire(String sql) {
        Entry entry = entries.get(sql);
        if (entry != null) {
            if (!entry.inUse && !entry.statement.isClosed()) {
                entry.inUse = true;
                return entry;
            }
            if (entry.statement.isClosed()) {
                entries.remove(sql);
                entry = null;
            }
        }
        Entry fresh = new Entry(connection.prepare(sql));
        fresh.inUse = true;
        if (entry == null && capacity > 0) {
            fresh.cached = true;
            entries.put(sql, fresh);
            evictOverflow();
        }
        return fresh;
    }

    void release(Entry entry) {
        entry.inUse = false;
        if (entry.statement.isClosed()) {
            return;
        }
        if (entry.cached) {
            entry.statement.reset();
        } else {
            entry.statement.close();
        }
    }

    RowShape shape(Entry entry) {
        if (entry.shape == null || entry.shapeEpoch != schemaEpoch) {
            NativeStatement s = entry.statement;
            int n = s.columnCount();
            List<Column> columns = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                columns.add(new Column(s.columnName(i), s.columnDeclType(i)));
            }
            entry.shape = n == 0 ? RowShape.NONE : new RowShape(columns);
            entry.shapeEpoch = schemaEpoch;
        }
        return entry.shape;
    }

    void schemaMayHaveChanged() {
        schemaEpoch++;
    }

    void closeAll() {
        for (Entry entry : entries.values()) {
            entry.cached = false;
            if (!entry.inUse) {
                entry.statement.close();
            }
        }
        entries.clear();
    }

    private void evictOverflow() {
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (entries.size() > capacity && it.hasNext()) {
            Entry eldest = it.next().getValue();
            it.remove();
            eldest.cached = false;
            if (!eldest.inUse) {
                eldest.statement.close();
            }
        }
    }
}
