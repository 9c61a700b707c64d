package dev.asyncsqlite.internal.session;

import dev.asyncsqlite.Aggregate;
import dev.asyncsqlite.Authorizer;
import dev.asyncsqlite.BackupOptions;
import dev.asyncsqlite.Blob;
import dev.asyncsqlite.Change;
import dev.asyncsqlite.DbConfig;
import dev.asyncsqlite.ConnectOptions;
import dev.asyncsqlite.Connection;
import dev.asyncsqlite.Cursor;
import dev.asyncsqlite.IsolationLevel;
import dev.asyncsqlite.ProgressHandler;
import dev.asyncsqlite.Row;
import dev.asyncsqlite.RowMapper;
import dev.asyncsqlite.SqlFunction;
import dev.asyncsqlite.SqliteException;
import dev.asyncsqlite.SqliteInterruptedException;
import dev.asyncsqlite.SqliteLimit;
import dev.asyncsqlite.TraceCallback;
import dev.asyncsqlite.Transaction;
import dev.asyncsqlite.UpdateHook;
import dev.asyncsqlite.WindowAggregate;
import dev.asyncsqlite.internal.engine.SqliteErrors;
import dev.asyncsqlite.internal.worker.Operation;
import dev.asyncsqlite.internal.worker.Work;
import dev.asyncsqlite.internal.worker.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/** The connection facade: each method hands one piece of work to the worker. */
final class ConnectionImpl extends Operations implements Connection {
    private static final System.Logger LOG = System.getLogger(Connection.class.getName());

    private final ConnectOptions options;
    private final AtomicBoolean closeRequested;
    private final Cleaner.Cleanable cleanable;
    // Guarded by this.
    private CompletableFuture<Void> closed;
    // Made on first use; guarded by this.
    private LiveSource live;

    ConnectionImpl(Worker worker, Session session, ConnectOptions options) {
        super(session, worker);
        this.options = options;
        this.closeRequested = new AtomicBoolean();
        this.cleanable = Worker.whenUnreachable(this, new LeakWarning(worker, session, closeRequested));
    }

    @Override
    ConnectionImpl connection() {
        return this;
    }

    @Override
    <T> CompletableFuture<T> dispatch(Work<T> work) {
        return withTimeout(worker.submit(work));
    }

    <T> Operation<T> withTimeout(Operation<T> op) {
        Duration timeout = options.operationTimeout();
        if (timeout != null && !op.isDone()) {
            op.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        return op;
    }

    @Override
    RuntimeException unusable() {
        return worker.isClosing() ? SqliteErrors.closed("connection " + worker.name()) : null;
    }

    @Override
    public CompletableFuture<Cursor> cursor() {
        RuntimeException refused = unusable();
        return refused != null ? worker.failed(refused) : worker.completed(newCursor());
    }

    @Override
    public CompletableFuture<Cursor> executeScript(String script) {
        return new CursorImpl(this, true).executeScript(script);
    }

    @Override
    public CompletableFuture<Void> commit() {
        return dispatch(() -> {
            session.commit();
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> rollback() {
        return dispatch(() -> {
            session.rollback();
            return null;
        });
    }

    @Override
    public <T> CompletableFuture<T> transaction(Function<Transaction, ? extends CompletionStage<T>> body) {
        Objects.requireNonNull(body, "body must not be null");
        return TransactionImpl.run(this, body, null);
    }

    @Override
    public CompletableFuture<Boolean> inTransaction() {
        return dispatch(session::inTransaction);
    }

    @Override
    public CompletableFuture<Long> totalChanges() {
        return dispatch(session::totalChanges);
    }

    @Override
    public CompletableFuture<IsolationLevel> isolationLevel() {
        return dispatch(session::isolationLevel);
    }

    @Override
    public CompletableFuture<Void> setIsolationLevel(IsolationLevel level) {
        Objects.requireNonNull(level, "level must not be null");
        return dispatch(() -> {
            session.setIsolationLevel(level);
            return null;
        });
    }

    @Override
    public void interrupt() {
        RuntimeException refused = unusable();
        if (refused != null) {
            throw refused;
        }
        worker.interruptCurrent();
    }

    @Override
    public CompletableFuture<Void> createFunction(String name, int nArgs, SqlFunction function, boolean deterministic) {
        checkFunction(name, nArgs);
        Objects.requireNonNull(function, "function must not be null");
        return run(() -> session.createFunction(name, nArgs, function, deterministic));
    }

    @Override
    public CompletableFuture<Void> removeFunction(String name, int nArgs) {
        checkFunction(name, nArgs);
        return run(() -> session.removeFunction(name, nArgs));
    }

    @Override
    public CompletableFuture<Void> createAggregate(String name, int nArgs, Supplier<? extends Aggregate> factory) {
        checkFunction(name, nArgs);
        Objects.requireNonNull(factory, "factory must not be null");
        return run(() -> session.createAggregate(name, nArgs, factory));
    }

    @Override
    public CompletableFuture<Void> createWindowFunction(String name, int nArgs, Supplier<? extends WindowAggregate> factory) {
        checkFunction(name, nArgs);
        Objects.requireNonNull(factory, "factory must not be null");
        return run(() -> session.createWindowFunction(name, nArgs, factory));
    }

    private static void checkFunction(String name, int nArgs) {
        Objects.requireNonNull(name, "name must not be null");
        if (name.isEmpty() || name.length() > 255) {
            throw new IllegalArgumentException("function name must have 1 to 255 characters: '" + name + "'");
        }
        if (nArgs < -1 || nArgs > 127) {
            throw new IllegalArgumentException("nArgs must be -1 (any) or 0 to 127: " + nArgs);
        }
    }

    @Override
    public CompletableFuture<Void> createCollation(String name, Comparator<String> comparator) {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(comparator, "comparator must not be null");
        return run(() -> session.createCollation(name, comparator));
    }

    @Override
    public CompletableFuture<Void> removeCollation(String name) {
        Objects.requireNonNull(name, "name must not be null");
        return run(() -> session.removeCollation(name));
    }

    @Override
    public CompletableFuture<Void> setProgressHandler(ProgressHandler handler, int instructions) {
        if (handler != null && instructions < 1) {
            throw new IllegalArgumentException("instructions must be at least 1: " + instructions);
        }
        return run(() -> session.setProgressHandler(handler, instructions));
    }

    @Override
    public CompletableFuture<Void> setTraceCallback(TraceCallback callback) {
        return run(() -> session.setTraceCallback(callback));
    }

    @Override
    public CompletableFuture<Void> setUpdateHook(UpdateHook hook) {
        return run(() -> session.setUpdateHook(hook));
    }

    @Override
    public CompletableFuture<Void> setTransactionHooks(Runnable onCommit, Runnable onRollback) {
        return run(() -> session.setTransactionHooks(onCommit, onRollback));
    }

    @Override
    public CompletableFuture<Void> setAuthorizer(Authorizer authorizer) {
        return run(() -> session.setAuthorizer(authorizer));
    }

    @Override
    public CompletableFuture<Void> enableLoadExtension(boolean enabled) {
        return run(() -> session.enableLoadExtension(enabled));
    }

    @Override
    public CompletableFuture<Void> loadExtension(String path) {
        Objects.requireNonNull(path, "path must not be null");
        return run(() -> session.loadExtension(path, null));
    }

    @Override
    public CompletableFuture<Void> loadExtension(String path, String entryPoint) {
        Objects.requireNonNull(path, "path must not be null");
        Objects.requireNonNull(entryPoint, "entryPoint must not be null");
        return run(() -> session.loadExtension(path, entryPoint));
    }

    @Override
    public Flow.Publisher<String> iterDump() {
        return new RowPublisher<>(new DumpLines(this), options.iterChunkSize());
    }

    @Override
    public CompletableFuture<List<String>> dump() {
        return dispatch(() -> {
            DumpSource source = new DumpSource(session);
            List<String> lines = new ArrayList<>();
            for (List<String> chunk; !(chunk = source.next(1024)).isEmpty(); ) {
                lines.addAll(chunk);
            }
            return lines;
        });
    }

    @Override
    public CompletableFuture<Void> backup(Connection target, BackupOptions options) {
        Objects.requireNonNull(target, "target must not be null");
        Objects.requireNonNull(options, "options must not be null");
        if (target == this) {
            return worker.failed(new IllegalArgumentException("a connection cannot be backed up into itself"));
        }
        if (target instanceof ConnectionImpl && ((ConnectionImpl) target).engineName().equals(engineName())
                && !engineName().equals("sqlite-jdbc")) {
            return backupDirect((ConnectionImpl) target, options);
        }
        CompletableFuture<Path> copied = dispatch(() -> {
            Path file = Files.createTempFile("asyncsqlite-backup-", ".db");
            try {
                copyTo(file, options);
            } catch (RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
            return file;
        });
        BackupOptions restore = BackupOptions.builder().pagesPerStep(options.pagesPerStep()).sleep(options.sleep()).build();
        return copied.thenCompose(file -> target.restore(file, restore).whenComplete((ignored, error) -> {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot delete temporary backup file " + file, e);
            }
        }));
    }

    // The target's worker is held in a call while this worker copies into its handle.
    private CompletableFuture<Void> backupDirect(ConnectionImpl target, BackupOptions options) {
        CompletableFuture<Void> copied = new CompletableFuture<>();
        CompletableFuture<Void> targetHeld = new CompletableFuture<>();
        CompletableFuture<Void> holding = target.call(c -> {
            targetHeld.complete(null);
            copied.handle((v, e) -> null).get(options.sleep().toMillis() * 100 + 60_000, TimeUnit.MILLISECONDS);
            return null;
        });
        holding.whenComplete((v, e) -> {
            if (e != null) {
                targetHeld.completeExceptionally(e);
            }
        });
        targetHeld.thenCompose(x -> dispatch(() -> {
            session.backupTo(target.session, options.schema(), options.pagesPerStep(), (int) options.sleep().toMillis(),
                    options.progress());
            return null;
        })).whenComplete((v, e) -> {
            if (e != null) {
                copied.completeExceptionally(e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e);
            } else {
                copied.complete(null);
            }
        });
        return copied.thenCombine(holding.exceptionally(e -> null), (a, b) -> null);
    }

    @Override
    public CompletableFuture<Blob> blobOpen(String table, String column, long rowId, boolean readOnly) {
        Objects.requireNonNull(table, "table must not be null");
        Objects.requireNonNull(column, "column must not be null");
        return dispatch(() -> new BlobImpl(this, session.openBlob(table, column, rowId, !readOnly)));
    }

    @Override
    public CompletableFuture<Boolean> getConfig(DbConfig setting) {
        Objects.requireNonNull(setting, "setting must not be null");
        return dispatch(() -> session.dbConfig(setting.code(), -1));
    }

    @Override
    public CompletableFuture<Boolean> setConfig(DbConfig setting, boolean enabled) {
        Objects.requireNonNull(setting, "setting must not be null");
        return dispatch(() -> session.dbConfig(setting.code(), enabled ? 1 : 0));
    }

    @Override
    public String engineName() {
        return session.engineName();
    }

    @Override
    public CompletableFuture<Void> backup(Path target, BackupOptions options) {
        Objects.requireNonNull(target, "target must not be null");
        Objects.requireNonNull(options, "options must not be null");
        return run(() -> copyTo(target, options));
    }

    private void copyTo(Path file, BackupOptions options) {
        withFile(file, () -> session.backupToFile(options.schema(), file.toString(), options.pagesPerStep(),
                (int) options.sleep().toMillis(), options.progress()));
    }

    // The engine opens the backup file with its own copy of SQLite: not while another engine has it open.
    private void withFile(Path file, Runnable work) {
        FileClaims.Claim claim = FileClaims.claim(engineName(), file.toString(), false);
        try {
            work.run();
        } finally {
            claim.release();
        }
    }

    @Override
    public CompletableFuture<Void> restore(Path source, BackupOptions options) {
        Objects.requireNonNull(source, "source must not be null");
        Objects.requireNonNull(options, "options must not be null");
        return run(() -> {
            if (!Files.isReadable(source)) {
                throw new UncheckedIOException(new java.io.FileNotFoundException("cannot read backup file " + source));
            }
            withFile(source, () -> session.restoreFromFile(options.schema(), source.toString(), options.pagesPerStep(),
                    (int) options.sleep().toMillis(), options.progress()));
        });
    }

    @Override
    public CompletableFuture<byte[]> serialize(String schema) {
        Objects.requireNonNull(schema, "schema must not be null");
        return dispatch(() -> session.serialize(schema));
    }

    @Override
    public CompletableFuture<Void> deserialize(String schema, byte[] image) {
        Objects.requireNonNull(schema, "schema must not be null");
        Objects.requireNonNull(image, "image must not be null");
        byte[] copy = image.clone();
        return run(() -> session.deserialize(schema, copy));
    }

    @Override
    public CompletableFuture<Integer> getLimit(SqliteLimit limit) {
        Objects.requireNonNull(limit, "limit must not be null");
        return dispatch(() -> session.limit(limit.id(), -1));
    }

    @Override
    public CompletableFuture<Integer> setLimit(SqliteLimit limit, int value) {
        Objects.requireNonNull(limit, "limit must not be null");
        if (value < 0) {
            throw new IllegalArgumentException("a limit must not be negative: " + limit + " = " + value);
        }
        return dispatch(() -> session.limit(limit.id(), value));
    }

    // Work without a result.
    private CompletableFuture<Void> run(Runnable work) {
        return dispatch(() -> {
            work.run();
            return null;
        });
    }

    @Override
    public Flow.Publisher<List<Row>> watch(String sql, Object... params) {
        return live().watch(sql, params);
    }

    @Override
    public <T> Flow.Publisher<List<T>> watch(String sql, RowMapper<T> mapper, Object... params) {
        return live().watch(sql, mapper, params);
    }

    @Override
    public Flow.Publisher<Change> changes() {
        return live().changes();
    }

    private synchronized LiveSource live() {
        if (live == null) {
            live = LiveSource.of(worker, session, options);
        }
        return live;
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        synchronized (this) {
            if (closed == null) {
                closeRequested.set(true);
                Operation<Void> op = worker.submitFinal(() -> {
                    session.close();
                    return null;
                });
                closed = op != null ? op : worker.completed(null);
                cleanable.clean();
            }
            // A copy, so one caller cancelling its future cannot cancel the close itself.
            return closed.copy();
        }
    }

    @Override
    public void close() {
        if (worker.isWorkerThread()) {
            throw new IllegalStateException("close() would wait for connection " + worker.name()
                    + " on its own worker thread and deadlock: use closeAsync() there");
        }
        Duration timeout = options.closeTimeout();
        try {
            closeAsync().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqliteInterruptedException("interrupted while waiting for connection " + worker.name() + " to close",
                    SqliteException.SQLITE_INTERRUPT, null, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SqliteException) {
                throw (SqliteException) cause;
            }
            throw SqliteErrors.create(SqliteException.SQLITE_ERROR, "closing connection " + worker.name() + " failed: " + cause, null, cause);
        } catch (TimeoutException e) {
            throw SqliteErrors.create(SqliteException.SQLITE_BUSY, "connection " + worker.name()
                    + " did not close within " + timeout + " (work queued before close is still running)", null, e);
        }
    }

    @Override
    public boolean isClosed() {
        return worker.isClosing();
    }

    @Override
    public ConnectOptions options() {
        return options;
    }

    @Override
    public String toString() {
        return "Connection[" + worker.name() + ", " + options.database() + (isClosed() ? ", closed" : "") + ']';
    }

    /** Closes a connection its user lost without closing it. Must not refer to the connection. */
    private static final class LeakWarning implements Runnable {
        private final Worker worker;
        private final Session session;
        private final AtomicBoolean closeRequested;

        LeakWarning(Worker worker, Session session, AtomicBoolean closeRequested) {
            this.worker = worker;
            this.session = session;
            this.closeRequested = closeRequested;
        }

        @Override
        public void run() {
            if (closeRequested.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "connection " + worker.name()
                        + " became unreachable without being closed; closing it now. Close connections"
                        + " with close() or try-with-resources.");
                worker.submitFinal(() -> {
                    session.close();
                    return null;
                });
            }
        }
    }
}
