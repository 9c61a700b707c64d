package dev.asyncsqlite.internal.session;

import dev.asyncsqlite.ConnectOptions;
import dev.asyncsqlite.Connection;
import dev.asyncsqlite.Cursor;
import dev.asyncsqlite.IsolationLevel;
import dev.asyncsqlite.SqliteException;
import dev.asyncsqlite.SqliteInterruptedException;
import dev.asyncsqlite.Transaction;
import dev.asyncsqlite.internal.engine.SqliteErrors;
import dev.asyncsqlite.internal.worker.Operation;
import dev.asyncsqlite.internal.worker.Work;
import dev.asyncsqlite.internal.worker.Worker;
import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/** The connection facade: each method hands one piece of work to the worker. */
final class ConnectionImpl extends Operations implements Connection {
    private static final System.Logger LOG = System.getLogger(Connection.class.getName());

    private final ConnectOptions options;
    private final AtomicBoolean closeRequested;
    private final Cleaner.Cleanable cleanable;
    // Guarded by this.
    private CompletableFuture<Void> closed;

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
        return newCursor().executeScript(script);
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
        return TransactionImpl.run(this, body);
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
        worker.interruptCurrent();
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
