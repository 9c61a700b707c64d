package dev.asyncsqlite.internal.session;

import dev.asyncsqlite.Aggregate;
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
 * failure is recorded (and, for callbacks that SQLite cannot fail, the statement is interrupted),
 * and the session then fails the statement with that failure as the cause. Results are converted
 * with the parameter adapters. Worker thread only.
 */
final class Callbacks {
    private final Runnable interrupt;
    private final ParameterAdapters adapters;
    private Throwable failure;

    Callbacks(Runnable interrupt, ParameterAdapters adapters) {
        this.interrupt = interrupt;
        this.adapters = adapters;
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
            interrupt.run();
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
