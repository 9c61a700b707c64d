package dev.asyncsqlite.internal.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything of this process that uses one database: the {@link ChangeTracker} of each of its open
 * connections, whichever pool or engine they belong to, and the watches and change feeds
 * listening for the transactions those connections commit. A database file has one hub, found by
 * its path as {@link FileClaims} finds it; an in-memory database has a hub of its own.
 *
 * <p>Connections track changes only while someone listens ({@link #interested()}), so an
 * unwatched database costs nothing. A new listener waits ({@link #listen}) until every
 * connection that was not tracking yet has seen that it is wanted, since a statement that began
 * before then may commit without being tracked; a connection sees it before its next statement,
 * or at once when idle.
 *
 * <p>Threading: members are guarded by the hub; listeners are a copy-on-write list, told of
 * commits on the committing connection's worker thread.
 */
final class ChangeHub {
    private static final System.Logger LOG = System.getLogger(ChangeHub.class.getName());
    /**
     * How long a new listener waits for the connections to start tracking. A connection that
     * takes longer (busy with one long operation) tells everyone that anything may have changed
     * once it starts tracking, so waiting less costs a run, never a change.
     */
    static final Duration SYNC_WAIT = Duration.ofSeconds(1);

    // Guarded by itself.
    private static final Map<Object, ChangeHub> SHARED = new HashMap<>();

    /** Told of every transaction committed on the hub's database. */
    interface Listener {
        /**
         * A transaction committed. Called on the committing connection's worker thread, which
         * must not be held up: hand work over and return.
         *
         * @param changes what it changed
         */
        void committed(ChangeSet changes);
    }

    /** Counts the connections that still have to start tracking for one new listener. */
    static final class Sync {
        private final AtomicInteger remaining;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        private Sync(int members) {
            remaining = new AtomicInteger(members);
            if (members == 0) {
                done.complete(null);
            } else {
                done.completeOnTimeout(null, SYNC_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        /** A connection started tracking; false if the listener had stopped waiting for it. */
        boolean arrive() {
            boolean inTime = !done.isDone();
            if (remaining.decrementAndGet() == 0) {
                done.complete(null);
            }
            return inTime;
        }
    }

    private final Object key;
    // Guarded by this.
    private final Set<ChangeTracker> members = new HashSet<>();
    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean interested;

    private ChangeHub(Object key) {
        this.key = key;
    }

    /**
     * The hub of a database, joined by one more connection.
     *
     * @param key what identifies the database in this process (its real path), or {@code null}
     *     for a database no other connection can open (in memory)
     * @param member the connection's tracker
     * @return the hub
     */
    static ChangeHub join(Object key, ChangeTracker member) {
        synchronized (SHARED) {
            ChangeHub hub = key == null ? new ChangeHub(null) : SHARED.computeIfAbsent(key, ChangeHub::new);
            synchronized (hub) {
                hub.members.add(member);
            }
            return hub;
        }
    }

    /**
     * A connection closed.
     *
     * @param member its tracker
     */
    void leave(ChangeTracker member) {
        synchronized (SHARED) {
            synchronized (this) {
                members.remove(member);
                if (members.isEmpty() && key != null && SHARED.get(key) == this) {
                    SHARED.remove(key);
                }
            }
        }
    }

    /**
     * Whether other connections, of this process or others, can open the database: false for an
     * in-memory database, which only its own connection sees.
     *
     * @return true for a file or a remote database
     */
    boolean shared() {
        return key != null;
    }

    /**
     * Whether anyone listens, so that connections track what they change.
     *
     * @return true while a listener is registered
     */
    boolean interested() {
        return interested;
    }

    /**
     * Registers a listener.
     *
     * @param listener the listener
     * @return completes once every connection of the database tracks changes (or after
     *     {@link #SYNC_WAIT})
     */
    CompletableFuture<Void> listen(Listener listener) {
        List<ChangeTracker> current = new ArrayList<>();
        synchronized (this) {
            listeners.add(listener);
            interested = true;
            for (ChangeTracker member : members) {
                // One that tracks already tracks every statement it will start.
                if (!member.tracking()) {
                    current.add(member);
                }
            }
        }
        Sync sync = new Sync(current.size());
        for (ChangeTracker member : current) {
            member.requestSync(sync);
        }
        return sync.done;
    }

    /**
     * Removes a listener; once none is left, connections stop tracking.
     *
     * @param listener the listener
     */
    void unlisten(Listener listener) {
        synchronized (this) {
            listeners.remove(listener);
            interested = !listeners.isEmpty();
        }
    }

    /**
     * Tells every listener of a committed transaction.
     *
     * @param changes what it changed
     */
    void publish(ChangeSet changes) {
        for (Listener listener : listeners) {
            try {
                listener.committed(changes);
            } catch (RuntimeException | Error e) {
                // A listener's failure must not fail the commit that already happened.
                LOG.log(System.Logger.Level.WARNING, "a change listener failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "ChangeHub[" + (key == null ? "private" : key) + ']';
    }
}
