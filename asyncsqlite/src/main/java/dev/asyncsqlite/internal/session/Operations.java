package dev.asyncsqlite.internal.session;

import dev.asyncsqlite.Cursor;
import dev.asyncsqlite.Row;
import dev.asyncsqlite.RowMapper;
import dev.asyncsqlite.SqlOperations;
import dev.asyncsqlite.SqliteException;
import dev.asyncsqlite.SyncWork;
import dev.asyncsqlite.internal.worker.Work;
import dev.asyncsqlite.internal.worker.Worker;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The statement methods shared by a connection and a transaction; they differ only in where
 * their work is queued ({@link #dispatch}).
 */
abstract class Operations implements SqlOperations {
    final Session session;
    final Worker worker;

    Operations(Session session, Worker worker) {
        this.session = session;
        this.worker = worker;
    }

    /** The connection these operations belong to. */
    abstract ConnectionImpl connection();

    /** Queues work where this handle's operations run. */
    abstract <T> CompletableFuture<T> dispatch(Work<T> work);

    /** A future failed with the error this handle gives when it can no longer be used, or null. */
    abstract RuntimeException unusable();

    @Override
    public CompletableFuture<Cursor> execute(String sql, Object... params) {
        return new CursorImpl(this, true).execute(sql, params);
    }

    @Override
    public CompletableFuture<Cursor> execute(String sql, Map<String, ?> params) {
        return new CursorImpl(this, true).execute(sql, params);
    }

    @Override
    public CompletableFuture<Cursor> executeMany(String sql, Iterable<?> paramSets) {
        return new CursorImpl(this, true).executeMany(sql, paramSets);
    }

    @Override
    public CompletableFuture<List<Row>> executeFetchAll(String sql, Object... params) {
        return bound(sql, params, (text, values) -> session.all(text, values, null));
    }

    @Override
    public CompletableFuture<Long> executeInsert(String sql, Object... params) {
        return bound(sql, params, (text, values) -> {
            session.run(text, values);
            return session.lastInsertRowId();
        });
    }

    @Override
    public <T> CompletableFuture<List<T>> query(String sql, RowMapper<T> mapper, Object... params) {
        Objects.requireNonNull(mapper, "mapper must not be null");
        return bound(sql, params, (text, values) -> session.all(text, values, mapper));
    }

    @Override
    public <T> CompletableFuture<T> call(SyncWork<T> work) {
        Objects.requireNonNull(work, "work must not be null");
        return dispatch(() -> SyncConnectionImpl.run(session, worker, work));
    }

    /** A cursor to hand out as it is ({@code cursor()}). */
    CursorImpl newCursor() {
        return new CursorImpl(this, false);
    }

    /** Work that runs on the worker with a parsed statement and converted parameters. */
    @FunctionalInterface
    interface BoundWork<T> {
        T run(SqlText text, Object[] values);
    }

    /** A parsed statement and its converted parameters. */
    record Bound(SqlText text, Object[] values) {
    }

    /** Parses and converts on the calling thread; throws what makes the future fail. */
    Bound bind(String sql, Object[] params) {
        Objects.requireNonNull(sql, "sql must not be null");
        Objects.requireNonNull(params, "params must not be null");
        RuntimeException refused = unusable();
        if (refused != null) {
            throw refused;
        }
        SqlText text = session.parse(sql);
        return new Bound(text, session.bind(text, params));
    }

    Bound bind(String sql, Map<String, ?> params) {
        Objects.requireNonNull(sql, "sql must not be null");
        Objects.requireNonNull(params, "params must not be null");
        RuntimeException refused = unusable();
        if (refused != null) {
            throw refused;
        }
        SqlText text = session.parse(sql);
        return new Bound(text, session.bind(text, params));
    }

    <T> CompletableFuture<T> bound(String sql, Object[] params, BoundWork<T> work) {
        Bound b;
        try {
            b = bind(sql, params);
        } catch (SqliteException | IllegalStateException e) {
            return worker.failed(e);
        }
        return dispatch(() -> work.run(b.text(), b.values()));
    }
}
