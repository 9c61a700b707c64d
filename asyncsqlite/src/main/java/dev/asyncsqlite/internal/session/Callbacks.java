package dev.asyncsqlite.internal.session;

import dev.asyncsqlite.Aggregate;
import dev.asyncsqlite.Authorizer;
import dev.asyncsqlite.ProgressHandler;
import dev.asyncsqlite.SqlFunction;
import dev.asyncsqlite.TraceCallback;
import dev.asyncsqlite.UpdateHook;
import dev.asyncsqlite.WindowAggregate;
import java.util.Comparator;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Wraps user callbacks so that nothing they throw escapes into SQLite or the worker: the first
 * failure is recorded, the callback reports it to SQLite where SQLite can fail the statement
 * (a function's error, a progress handler's abort, an authorizer's denial) and otherwise asks the
 * session to stop the statement (a collation, a hook, the trace); the session then fails that
 * statement with the failure as the cause. Every engine call of the session takes what was
 * recorded during it, so a failure never outlives its statement. Results are converted with the
 * parameter adapters. Worker thread only.
 */
final class Callbacks {
    private final Runnable stop;
    private final ParameterAdapters adapters;
    private Throwable failure;

    Callbacks(Runnable stop, ParameterAdapters adapters) {
        this.stop = stop;
        this.adapters = adapters;
    }

    /** Whether a callback failed since the last {@link #take()}. */
    boolean pending() {
        return failure != null;
    }

    /** The recorded failure, cleared. */
    Throwable take() {
        Throwable t = failure;
        failure = null;
        return t;
    }

    private RuntimeException record(Throwable t, boolean stopStatement) {
        if (failure == null) {
            failure = t;
        } else if (failure != t) {
            failure.addSuppressed(t);
        }
        if (stopStatement) {
            stop.run();
        }
        return new IllegalStateException("a user callback failed: " + t, t);
    }

    private Object adapt(Object result) {
        return adapters.toSqlite(result, 0, null);
    }

    /** User code that may throw anything. */
    @FunctionalInterface
    private interface UserCode<T> {
        T run() throws Exception;
    }

    // Runs user code inside a statement; a failure is recorded and reported to SQLite as an error.
    private <T> T guarded(UserCode<T> code) {
        try {
            return code.run();
        } catch (Throwable t) {
            throw record(t, false);
        }
    }

    SqlFunction scalar(SqlFunction user) {
        Objects.requireNonNull(user, "function must not be null");
        return args -> guarded(() -> adapt(user.apply(args)));
    }

    Supplier<Aggregate> aggregate(Supplier<? extends Aggregate> factory) {
        Objects.requireNonNull(factory, "factory must not be null");
        return () -> {
            Aggregate state = guarded(() -> Objects.requireNonNull(factory.get(), "the aggregate factory returned null"));
            return new Aggregate() {
                @Override
                public void step(Object[] args) {
                    guarded(() -> {
                        state.step(args);
                        return null;
                    });
                }

                @Override
                public Object finish() {
                    return guarded(() -> adapt(state.finish()));
                }
            };
        };
    }

    Supplier<WindowAggregate> window(Supplier<? extends WindowAggregate> factory) {
        Objects.requireNonNull(factory, "factory must not be null");
        return () -> {
            WindowAggregate state = guarded(() -> Objects.requireNonNull(factory.get(),
                    "the window function factory returned null"));
            Aggregate base = aggregate(() -> state).get();
            return new WindowAggregate() {
                @Override
                public void step(Object[] args) throws Exception {
                    base.step(args);
                }

                @Override
                public void inverse(Object[] args) {
                    guarded(() -> {
                        state.inverse(args);
                        return null;
                    });
                }

                @Override
                public Object value() {
                    return guarded(() -> adapt(state.value()));
                }

                @Override
                public Object finish() throws Exception {
                    return base.finish();
                }
            };
        };
    }

    Comparator<String> collation(Comparator<String> user) {
        Objects.requireNonNull(user, "comparator must not be null");
        return (a, b) -> {
            try {
                return user.compare(a, b);
            } catch (Throwable t) {
                record(t, true);
                return 0;
            }
        };
    }

    ProgressHandler progress(ProgressHandler user) {
        return () -> {
            try {
                return user.abort();
            } catch (Throwable t) {
                record(t, false);
                return true;
            }
        };
    }

    // A failing authorizer denies: SQLite then refuses to prepare the statement.
    Authorizer authorizer(Authorizer user) {
        return (action, arg1, arg2, database, trigger) -> {
            try {
                return user.authorize(action, arg1, arg2, database, trigger);
            } catch (Throwable t) {
                record(t, false);
                return Authorizer.SQLITE_DENY;
            }
        };
    }

    UpdateHook update(UpdateHook user) {
        return (kind, database, table, rowId) -> {
            try {
                user.onUpdate(kind, database, table, rowId);
            } catch (Throwable t) {
                record(t, true);
            }
        };
    }

    TraceCallback trace(TraceCallback user) {
        return sql -> {
            try {
                user.onStatement(sql);
            } catch (Throwable t) {
                record(t, true);
            }
        };
    }

    Runnable hook(Runnable user) {
        return user == null ? null : () -> {
            try {
                user.run();
            } catch (Throwable t) {
                record(t, false);
            }
        };
    }
}
