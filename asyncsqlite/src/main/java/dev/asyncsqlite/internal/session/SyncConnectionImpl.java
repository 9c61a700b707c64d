package dev.asyncsqlite.internal.session;

import dev.asyncsqlite.Row;
import dev.asyncsqlite.RowView;
import dev.asyncsqlite.RowMapper;
import dev.asyncsqlite.SyncConnection;
import dev.asyncsqlite.SyncWork;
import dev.asyncsqlite.internal.worker.Worker;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/** The synchronous view handed to {@code call}: session calls without hops, valid during the call. */
final class SyncConnectionImpl implements SyncConnection {
    private final Session session;
    private final Worker worker;
    // Worker thread only.
    private boolean valid = true;

    private SyncConnectionImpl(Session session, Worker worker) {
        this.session = session;
        this.worker = worker;
    }

    static <T> T run(Session session, Worker worker, SyncWork<T> work) throws Exception {
        SyncConnectionImpl view = new SyncConnectionImpl(session, worker);
        try {
            return work.run(view);
        } finally {
            view.valid = false;
        }
    }

    private SqlText text(String sql, Object[] params) {
        if (!valid || !worker.isWorkerThread()) {
            throw new IllegalStateException("the SyncConnection of call(...) is valid only inside that call, on the worker thread");
        }
        Objects.requireNonNull(sql, "sql must not be null");
        Objects.requireNonNull(params, "params must not be null");
        return session.parse(sql);
    }

    @Override
    public long update(String sql, Object... params) {
        SqlText text = text(sql, params);
        session.run(text, session.bind(text, params));
        return session.changes();
    }

    @Override
    public long insert(String sql, Object... params) {
        SqlText text = text(sql, params);
        session.run(text, session.bind(text, params));
        return session.lastInsertRowId();
    }

    @Override
    public List<Row> query(String sql, Object... params) {
        SqlText text = text(sql, params);
        return session.all(text, session.bind(text, params), null);
    }

    @Override
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        Objects.requireNonNull(mapper, "mapper must not be null");
        SqlText text = text(sql, params);
        return session.all(text, session.bind(text, params), mapper);
    }

    @Override
    public Optional<Row> queryOne(String sql, Object... params) {
        SqlText text = text(sql, params);
        return Optional.ofNullable(session.first(text, session.bind(text, params)));
    }

    @Override
    public void forEach(String sql, Consumer<Row> action, Object... params) {
        Objects.requireNonNull(action, "action must not be null");
        SqlText text = text(sql, params);
        session.each(text, session.bind(text, params), action);
    }

    @Override
    public void scan(String sql, Consumer<? super RowView> action, Object... params) {
        Objects.requireNonNull(action, "action must not be null");
        SqlText text = text(sql, params);
        session.scan(text, session.bind(text, params), action);
    }

    @Override
    public long executeMany(String sql, Iterable<?> paramSets) {
        Objects.requireNonNull(paramSets, "paramSets must not be null");
        return session.executeMany(text(sql, new Object[0]), paramSets);
    }

    @Override
    public void executeScript(String script) {
        text(script, new Object[0]);
        session.executeScript(script);
    }

    @Override
    public boolean inTransaction() {
        text("", new Object[0]);
        return session.inTransaction();
    }

    @Override
    public void commit() {
        text("", new Object[0]);
        session.commit();
    }

    @Override
    public void rollback() {
        text("", new Object[0]);
        session.rollback();
    }

    @Override
    public long totalChanges() {
        text("", new Object[0]);
        return session.totalChanges();
    }
}
