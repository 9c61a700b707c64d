package dev.asyncsqlite.internal.session;

import dev.asyncsqlite.Cursor;
import dev.asyncsqlite.IsolationLevel;
import dev.asyncsqlite.Transaction;
import dev.asyncsqlite.internal.worker.Lane;
import dev.asyncsqlite.internal.worker.Work;
import dev.asyncsqlite.internal.worker.WorkerFuture;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A transaction of {@code Connection.transaction}: BEGIN on the main queue, then a lane that
 * the worker serves alone until COMMIT or ROLLBACK ends it.
 */
final class TransactionImpl<R> extends Operations implements Transaction {
    private static final Supplier<RuntimeException> ENDED =
            () -> new IllegalStateException("the transaction has ended; use the connection for further work");

    private final ConnectionImpl connection;
    private final Lane lane;
    private final WorkerFuture<R> result;
    private final AtomicBoolean finishing = new AtomicBoolean();
    private final CompletableFuture<Void> deadline = new CompletableFuture<>();

    private TransactionImpl(ConnectionImpl connection, Lane lane, WorkerFuture<R> result) {
        super(connection.session, connection.worker);
        this.connection = connection;
        this.lane = lane;
        this.result = result;
    }

    static <T> CompletableFuture<T> run(ConnectionImpl connection, Function<Transaction, ? extends CompletionStage<T>> body,
                                        IsolationLevel level) {
        WorkerFuture<T> result = connection.worker.newFuture();
        AtomicReference<TransactionImpl<T>> started = new AtomicReference<>();
        CompletableFuture<Void> begun = connection.dispatch(() -> {
            if (result.isDone()) {
                return null;
            }
            connection.session.beginExplicit(level);
            TransactionImpl<T> tx = new TransactionImpl<>(connection, connection.worker.openLane(), result);
            started.set(tx);
            if (result.isDone()) {
                tx.finish(null, new CancellationException("transaction cancelled"));
                return null;
            }
            tx.startDeadline();
            CompletionStage<T> stage;
            try {
                stage = Objects.requireNonNull(body.apply(tx), "the transaction body returned null instead of a stage");
            } catch (Throwable t) {
                tx.finish(null, t);
                return null;
            }
            stage.whenComplete(tx::finish);
            return null;
        });
        begun.whenComplete((ignored, error) -> {
            if (error != null) {
                result.completeExceptionally(unwrap(error));
            }
        });
        result.whenComplete((value, error) -> {
            if (result.isCancelled()) {
                begun.cancel(true);
                TransactionImpl<T> tx = started.get();
                if (tx != null) {
                    tx.finish(null, new CancellationException("transaction cancelled"));
                }
            }
        });
        return result;
    }

    private void startDeadline() {
        long nanos = connection.options().transactionTimeout().toNanos();
        deadline.orTimeout(nanos, TimeUnit.NANOSECONDS).whenComplete((ignored, error) -> {
            if (error instanceof TimeoutException) {
                finish(null, new TimeoutException("the transaction did not finish within "
                        + connection.options().transactionTimeout() + "; it was rolled back"));
            }
        });
    }

    private void finish(R value, Throwable error) {
        if (!finishing.compareAndSet(false, true)) {
            return;
        }
        deadline.complete(null);
        boolean commit = error == null && !result.isDone();
        if (!commit) {
            // Stop a statement of the transaction that is still running, so the rollback is prompt.
            worker.interruptCurrent();
        }
        Throwable failure = error == null ? null : unwrap(error);
        lane.submit(() -> {
            try {
                if (commit) {
                    commitOrRollBack();
                } else {
                    session.rollback();
                }
            } finally {
                lane.end(ENDED);
            }
            return null;
        }, ENDED).whenComplete((ignored, endError) -> {
            if (commit) {
                if (endError == null) {
                    result.complete(value);
                } else {
                    result.completeExceptionally(unwrap(endError));
                }
            } else {
                if (endError != null && failure != null && endError != failure) {
                    failure.addSuppressed(unwrap(endError));
                }
                result.completeExceptionally(failure != null ? failure : unwrap(endError));
            }
        });
    }

    private void commitOrRollBack() {
        try {
            session.commit();
        } catch (RuntimeException e) {
            try {
                session.rollback();
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    @Override
    ConnectionImpl connection() {
        return connection;
    }

    @Override
    <T> CompletableFuture<T> dispatch(Work<T> work) {
        if (finishing.get()) {
            return worker.failed(ENDED.get());
        }
        return connection.withTimeout(lane.submit(work, ENDED));
    }

    @Override
    RuntimeException unusable() {
        if (finishing.get()) {
            return ENDED.get();
        }
        return worker.isTerminated() ? connection.unusable() : null;
    }

    @Override
    public CompletableFuture<Cursor> cursor() {
        RuntimeException refused = unusable();
        return refused != null ? worker.failed(refused) : worker.completed(newCursor());
    }
}
