package dev.asyncsqlite.internal.session;

import dev.asyncsqlite.Change;
import dev.asyncsqlite.ConnectOptions;
import dev.asyncsqlite.LiveQueries;
import dev.asyncsqlite.NotSupportedException;
import dev.asyncsqlite.Row;
import dev.asyncsqlite.RowMapper;
import dev.asyncsqlite.SqliteException;
import dev.asyncsqlite.internal.engine.SqliteErrors;
import dev.asyncsqlite.internal.worker.Operation;
import dev.asyncsqlite.internal.worker.Ticker;
import dev.asyncsqlite.internal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The live queries of one connection or pool: makes the {@link Watch} and {@link ChangeFeed}
 * publishers, runs their queries where the connection or pool runs reads, checks the database
 * for commits of other processes ({@code PRAGMA data_version}) while any of them is subscribed,
 * and completes them all when the connection or pool closes.
 *
 * <p>Threading: any thread; the subscriptions are a concurrent set, the check's schedule is
 * guarded by this, and one check runs at a time ({@code checking}).
 */
final class LiveSource implements LiveQueries {
    /** Work on a connection's worker thread, given its session. */
    @FunctionalInterface
    interface SessionWork<T> {
        T run(Session session) throws Exception;
    }

    /** Runs session work on some connection. */
    @FunctionalInterface
    interface Runner {
        <T> CompletableFuture<T> run(SessionWork<T> work);
    }

    /** Runs session work on one connection's worker, with its operation timeout. */
    static final class OnWorker implements Runner {
        private final Worker worker;
        private final Session session;
        private final Duration timeout;

        OnWorker(Worker worker, Session session, ConnectOptions options) {
            this.worker = worker;
            this.session = session;
            this.timeout = options.operationTimeout();
        }

        @Override
        public <T> CompletableFuture<T> run(SessionWork<T> work) {
            Operation<T> op = worker.submit(() -> work.run(session));
            if (timeout != null && !op.isDone()) {
                op.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
            return op;
        }
    }

    /** A subscription of this source: told of commits, and of the source closing. */
    interface Member extends Flow.Subscription, ChangeHub.Listener {
        /** The connection or pool closed: finish what is held and complete. */
        void sourceClosed();
    }

    private final Session parser;
    private final ChangeHub hub;
    private final Runner queries;
    private final boolean queriesMayMeetTransactions;
    private final Runner checks;
    private final Duration checkInterval;
    private final Executor executor;
    private final Supplier<RuntimeException> unusable;
    private final Set<Member> members = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean checking = new AtomicBoolean();
    // Guarded by this.
    private Ticker.Schedule schedule;
    private boolean closed;
    // Completed by the first check after the checks start: the baseline that new subscriptions'
    // first queries wait for, so that no commit falls between the two.
    private CompletableFuture<Void> baseline = CompletableFuture.completedFuture(null);
    // Written by the check in progress only (one at a time).
    private volatile long[] lastVersions;

    /**
     * Creates the source.
     *
     * @param parser parses and binds the SQL of watches (any thread)
     * @param hub the database's hub
     * @param queries where watch queries run
     * @param queriesMayMeetTransactions whether a query may find its connection inside a
     *     transaction of its user's, and must then wait for it to end
     * @param checks where {@code data_version} is read, or {@code null} for no checks
     * @param checkInterval how often, or zero for never
     * @param executor where signals go instead of the committing connection's thread, or null
     * @param unusable the error the connection or pool gives once closed, or null while open
     */
    LiveSource(Session parser, ChangeHub hub, Runner queries, boolean queriesMayMeetTransactions, Runner checks,
               Duration checkInterval, Executor executor, Supplier<RuntimeException> unusable) {
        this.parser = parser;
        this.hub = hub;
        this.queries = queries;
        this.queriesMayMeetTransactions = queriesMayMeetTransactions;
        this.checks = checks;
        this.checkInterval = checkInterval;
        this.executor = executor;
        this.unusable = unusable;
    }

    /**
     * The live queries of one connection, completed when it closes. Holds its worker and
     * session, never the connection object, so that a watched connection that its user lost can
     * still be closed by its cleaner.
     *
     * @param worker the connection's worker
     * @param session its session
     * @param options its options
     * @return the source
     */
    static LiveSource of(Worker worker, Session session, ConnectOptions options) {
        Runner runner = new OnWorker(worker, session, options);
        ChangeHub hub = session.tracker().hub();
        LiveSource live = new LiveSource(session, hub, runner, true, hub.shared() ? runner : null,
                options.watchPollInterval(), options.completionExecutor(),
                () -> worker.isClosing() ? SqliteErrors.closed("connection " + worker.name()) : null);
        session.tracker().whenClosed(live::close);
        return live;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Flow.Publisher<List<Row>> watch(String sql, Object... params) {
        return publisher(sql, null, params);
    }

    @Override
    public <T> Flow.Publisher<List<T>> watch(String sql, RowMapper<T> mapper, Object... params) {
        Objects.requireNonNull(mapper, "mapper must not be null");
        return publisher(sql, mapper, params);
    }

    private <T> Flow.Publisher<List<T>> publisher(String sql, RowMapper<T> mapper, Object[] params) {
        Objects.requireNonNull(sql, "sql must not be null");
        Objects.requireNonNull(params, "params must not be null");
        SqlText text = null;
        Object[] values = null;
        RuntimeException refused = null;
        try {
            text = parser.parse(sql);
            if (text.hasTrailingStatements() || !text.isReadOnlyQuery()) {
                throw SqliteErrors.programming("watch() runs exactly one query: a SELECT or VALUES, possibly after WITH"
                        + (text.hasTrailingStatements() ? " (this text holds several statements)" : ""), sql);
            }
            values = parser.bind(text, params);
        } catch (SqliteException e) {
            refused = e;
        }
        SqlText query = text;
        Object[] bound = values;
        RuntimeException error = refused;
        return subscriber -> {
            Objects.requireNonNull(subscriber, "subscriber must not be null");
            new Watch<>(this, query, bound, mapper, subscriber).start(subscriber, error);
        };
    }

    @Override
    public Flow.Publisher<Change> changes() {
        RuntimeException refused = parser.reportsRowChanges() ? null : new NotSupportedException("changes() is not supported"
                + " by the " + parser.engineName() + " engine: it has no update hook to report rows with");
        return subscriber -> {
            Objects.requireNonNull(subscriber, "subscriber must not be null");
            new ChangeFeed(this, subscriber).start(subscriber, refused);
        };
    }

    ChangeHub hub() {
        return hub;
    }

    /** The error a new subscription fails with, or null while the connection or pool is open. */
    RuntimeException unusable() {
        return unusable.get();
    }

    <T> CompletableFuture<T> query(SessionWork<T> work) {
        return queries.run(work);
    }

    boolean queriesMayMeetTransactions() {
        return queriesMayMeetTransactions;
    }

    /** Runs a drain where signals belong: on the completion executor when there is one. */
    void signal(Runnable drain) {
        if (executor == null) {
            drain.run();
            return;
        }
        try {
            executor.execute(drain);
        } catch (RejectedExecutionException e) {
            drain.run();
        }
    }

    /**
     * A subscription began: it is told of commits from now on. Starts the checks for other
     * processes' commits with the first one.
     *
     * @param member the subscription
     * @return completes once every connection of the database tracks changes
     */
    CompletableFuture<Void> subscribed(Member member) {
        members.add(member);
        boolean first = false;
        CompletableFuture<Void> checked;
        synchronized (this) {
            if (closed) {
                members.remove(member);
                member.sourceClosed();
                return CompletableFuture.completedFuture(null);
            }
            if (schedule == null && checks != null && !checkInterval.isZero()) {
                lastVersions = null;
                baseline = new CompletableFuture<>();
                baseline.completeOnTimeout(null, ChangeHub.SYNC_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                schedule = Ticker.every(checkInterval, this::check);
                first = true;
            }
            checked = baseline;
        }
        CompletableFuture<Void> synced = hub.listen(member);
        if (first) {
            check();
        }
        return CompletableFuture.allOf(synced, checked);
    }

    /**
     * A subscription ended. The checks stop with the last one.
     *
     * @param member the subscription
     */
    void unsubscribed(Member member) {
        hub.unlisten(member);
        members.remove(member);
        synchronized (this) {
            if (members.isEmpty() && schedule != null) {
                schedule.cancel();
                schedule = null;
            }
        }
    }

    /** The connection or pool closed: every subscription completes. */
    void close() {
        synchronized (this) {
            closed = true;
            if (schedule != null) {
                schedule.cancel();
                schedule = null;
            }
        }
        for (Member member : members) {
            member.sourceClosed();
        }
    }

    // Reads data_version and schema_version. The first reading after the checks start is the
    // baseline; should it come after subscriptions stopped waiting for it, their first queries
    // may have preceded a commit it already counts, so it then counts as a change.
    private void check() {
        if (!checking.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<long[]> reading;
        try {
            reading = checks.run(Session::versions);
        } catch (RuntimeException e) {
            checking.set(false);
            return;
        }
        reading.whenComplete((versions, error) -> {
            ChangeSet event = null;
            CompletableFuture<Void> waiting;
            synchronized (this) {
                waiting = baseline;
            }
            if (versions != null) {
                long[] last = lastVersions;
                lastVersions = versions;
                if (last == null) {
                    event = waiting.complete(null) ? null : ChangeSet.UNKNOWN;
                } else if (last[1] != versions[1]) {
                    event = ChangeSet.UNKNOWN_AND_SCHEMA;
                } else if (last[0] != versions[0]) {
                    event = ChangeSet.UNKNOWN;
                }
            } else {
                waiting.complete(null);
            }
            checking.set(false);
            if (event != null) {
                for (Member member : members) {
                    member.committed(event);
                }
            }
        });
    }
}
