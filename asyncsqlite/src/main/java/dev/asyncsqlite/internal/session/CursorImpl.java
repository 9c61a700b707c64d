package dev.asyncsqlite.internal.session;

import dev.asyncsqlite.Column;
import dev.asyncsqlite.Connection;
import dev.asyncsqlite.Cursor;
import dev.asyncsqlite.Row;
import dev.asyncsqlite.SqliteException;
import dev.asyncsqlite.internal.worker.Work;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A cursor: a buffer of rows already read, and the query that may hold more.
 *
 * <p>Threading: {@code buffer}, {@code query} and {@code pending} are guarded by {@code lock}.
 * Rows are added to the buffer only by work on the worker; a caller may take rows from it
 * directly (without a hop) only while none of this cursor's work is queued or running
 * ({@code pending == 0}), which keeps every fetch in call order. The statement behind
 * {@code query} is touched only on the worker. The state getters read volatile fields written on
 * the worker before the future that reports them completes.
 */
final class CursorImpl implements Cursor, ChunkSource<Row> {
    private final Operations ops;
    private final Object lock = new Object();
    // Small at first: most cursors hold no rows (DML) or one chunk, and it grows as rows arrive.
    private final ArrayDeque<Row> buffer = new ArrayDeque<>(2);
    private Query query;
    private int pending;
    private volatile boolean closed;
    private volatile long rowCount = -1;
    private volatile OptionalLong lastRowId = OptionalLong.empty();
    private volatile List<Column> description = List.of();
    private volatile int arraySize = 1;
    private volatile int prefetch;
    // True until the cursor's first work is queued by the thread that made it, when nobody else
    // can hold the cursor yet: it reaches anyone only through that work's future.
    private boolean unseen;

    /**
     * A cursor of these operations.
     *
     * @param ops where its work runs
     * @param unseen true if the cursor is made for the work its maker queues next and reaches
     *     users only as that work's result; false if it is handed out as it is
     */
    CursorImpl(Operations ops, boolean unseen) {
        this.ops = ops;
        this.unseen = unseen;
        this.prefetch = ops.connection().options().iterChunkSize();
    }

    @Override
    public CompletableFuture<Cursor> execute(String sql, Object... params) {
        Operations.Bound b;
        try {
            b = ops.bind(sql, params);
        } catch (SqliteException | IllegalStateException e) {
            return ops.worker.failed(e);
        }
        return start(b);
    }

    @Override
    public CompletableFuture<Cursor> execute(String sql, Map<String, ?> params) {
        Operations.Bound b;
        try {
            b = ops.bind(sql, params);
        } catch (SqliteException | IllegalStateException e) {
            return ops.worker.failed(e);
        }
        return start(b);
    }

    private CompletableFuture<Cursor> start(Operations.Bound b) {
        return submit(() -> {
            List<Row> first = new ArrayList<>();
            Query q = replaceQuery(() -> ops.session.start(b.text(), b.values(), prefetch, first, true));
            if (!first.isEmpty()) {
                synchronized (lock) {
                    buffer.addAll(first);
                }
            }
            description = q.shape().columns();
            record(q);
            return this;
        });
    }

    @Override
    public CompletableFuture<Cursor> executeMany(String sql, Iterable<?> paramSets) {
        Objects.requireNonNull(sql, "sql must not be null");
        Objects.requireNonNull(paramSets, "paramSets must not be null");
        return submit(() -> {
            SqlText text = ops.session.parse(sql);
            long[] total = new long[1];
            replaceQuery(() -> {
                total[0] = ops.session.executeMany(text, paramSets);
                return Query.finished(total[0]);
            });
            description = List.of();
            rowCount = total[0];
            return this;
        });
    }

    @Override
    public CompletableFuture<Cursor> executeScript(String script) {
        Objects.requireNonNull(script, "script must not be null");
        return submit(() -> {
            replaceQuery(() -> {
                ops.session.executeScript(script);
                return Query.finished(-1);
            });
            description = List.of();
            rowCount = -1;
            return this;
        });
    }

    // Worker: ends the previous query and installs the next, leaving the cursor empty on failure.
    private Query replaceQuery(Work<Query> next) throws Exception {
        Query previous;
        synchronized (lock) {
            previous = query;
            query = null;
            buffer.clear();
        }
        ops.session.close(previous);
        Query q = next.run();
        synchronized (lock) {
            query = q;
        }
        return q;
    }

    private void record(Query q) {
        if (q.lastRowId().isPresent()) {
            lastRowId = q.lastRowId();
        }
        if (q.isDone()) {
            rowCount = q.rowCount();
        }
    }

    @Override
    public CompletableFuture<Optional<Row>> fetchOne() {
        synchronized (lock) {
            RuntimeException refused = unusable();
            if (refused != null) {
                return ops.worker.failed(refused);
            }
            if (pending == 0) {
                Row row = buffer.poll();
                if (row != null) {
                    return ops.worker.completed(Optional.of(row));
                }
                if (query == null || query.isDone()) {
                    return ops.worker.completed(Optional.empty());
                }
            }
        }
        return submit(() -> {
            List<Row> rows = take(1);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        });
    }

    @Override
    public CompletableFuture<List<Row>> fetchMany(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1: " + size);
        }
        synchronized (lock) {
            RuntimeException refused = unusable();
            if (refused != null) {
                return ops.worker.failed(refused);
            }
            if (pending == 0 && (buffer.size() >= size || query == null || query.isDone())) {
                List<Row> rows = new ArrayList<>(Math.min(size, buffer.size()));
                for (int i = 0; i < size && !buffer.isEmpty(); i++) {
                    rows.add(buffer.poll());
                }
                return ops.worker.completed(rows);
            }
        }
        return submit(() -> take(size));
    }

    @Override
    public CompletableFuture<List<Row>> fetchMany() {
        return fetchMany(arraySize);
    }

    @Override
    public CompletableFuture<List<Row>> fetchAll() {
        return fetchMany(Integer.MAX_VALUE);
    }

    // Worker: takes up to max rows, first from the buffer, then from the statement.
    private List<Row> take(int max) {
        List<Row> rows = new ArrayList<>(Math.min(max, 64));
        Query q;
        synchronized (lock) {
            while (rows.size() < max && !buffer.isEmpty()) {
                rows.add(buffer.poll());
            }
            q = query;
        }
        if (rows.size() < max && q != null && !q.isDone()) {
            ops.session.read(q, max - rows.size(), rows::add);
            record(q);
        }
        return rows;
    }

    @Override
    public Flow.Publisher<Row> rows() {
        return new RowPublisher<>(this, ops.connection().options().iterChunkSize());
    }

    @Override
    public Flow.Publisher<Row> rows(int rowsPerHop) {
        if (rowsPerHop < 1) {
            throw new IllegalArgumentException("rowsPerHop must be at least 1: " + rowsPerHop);
        }
        return new RowPublisher<>(this, rowsPerHop);
    }

    @Override
    public long rowCount() {
        return rowCount;
    }

    @Override
    public OptionalLong lastRowId() {
        return lastRowId;
    }

    @Override
    public List<Column> description() {
        return description;
    }

    @Override
    public int arraySize() {
        return arraySize;
    }

    @Override
    public int prefetch() {
        return prefetch;
    }

    @Override
    public void setPrefetch(int rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("prefetch must not be negative: " + rows);
        }
        prefetch = rows;
    }

    @Override
    public void setArraySize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("arraySize must be at least 1: " + size);
        }
        arraySize = size;
    }

    @Override
    public Connection connection() {
        return ops.connection();
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        synchronized (lock) {
            if (closed) {
                return ops.worker.completed(null);
            }
            closed = true;
            buffer.clear();
        }
        if (ops.connection().isClosed()) {
            return ops.worker.completed(null);
        }
        CompletableFuture<Void> released = ops.dispatch(() -> {
            Query q;
            synchronized (lock) {
                q = query;
                query = null;
            }
            ops.session.close(q);
            return null;
        });
        // Closing the connection releases every statement too, so a refused release is not an error.
        return released.exceptionally(error -> null);
    }

    @Override
    public void close() {
        closeAsync();
    }

    @Override
    public RuntimeException unusable() {
        if (closed) {
            return new IllegalStateException("cursor is closed");
        }
        return ops.unusable();
    }

    // Queues cursor work; while any is queued or running, fetches do not take the short path.
    // The count drops inside the work, before its future completes, so code chained on that
    // future already takes the short path; or when the future ends without the work running.
    private <T> CompletableFuture<T> submit(Work<T> work) {
        if (unseen) {
            // No fetch can race this work: nobody holds the cursor before its future completes.
            unseen = false;
            return ops.dispatch(work);
        }
        synchronized (lock) {
            RuntimeException refused = unusable();
            if (refused != null) {
                return ops.worker.failed(refused);
            }
            pending++;
        }
        AtomicBoolean settled = new AtomicBoolean();
        CompletableFuture<T> future = ops.dispatch(() -> {
            try {
                return work.run();
            } finally {
                settle(settled);
            }
        });
        future.whenComplete((value, error) -> settle(settled));
        return future;
    }

    private void settle(AtomicBoolean settled) {
        if (settled.compareAndSet(false, true)) {
            synchronized (lock) {
                pending--;
            }
        }
    }

    @Override
    public String toString() {
        return "Cursor[" + ops.worker.name() + (closed ? ", closed" : "") + ", rowCount=" + rowCount + ']';
    }
}
