package dev.asyncsqlite.internal.worker;

import java.lang.ref.Cleaner;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * One connection's thread and its queue: the whole threading model of asyncsqlite.
 *
 * <p>Callers on any thread {@link #submit} work and get an {@link Operation} at once. The worker
 * runs operations one at a time in submission order, drains everything queued before it waits,
 * and completes each future on its own thread or on the completion executor. Nothing user code
 * throws can end the loop.
 *
 * <p>Waiting, on both sides of the hand-off: the worker waiting for work, and a caller blocked in
 * {@code join}/{@code get} on one of its futures, spin for at most {@code spinNanos} before they
 * park, but only while spinning pays ({@link AdaptiveSpin}): on an idle machine a caller that
 * submits again within microseconds then pays no park and unpark; on a machine with more
 * runnable threads than cores both sides park at once, and the side that enqueues or completes
 * wakes the other at once. A parked worker waits without a timeout, so an idle connection costs
 * no CPU.
 *
 * <p>While a {@link Lane} is open the worker serves only the lane; the main queue waits.
 *
 * <p>Stopping: {@link #submitFinal} queues work behind everything already queued, refuses later
 * submissions, and ends the thread once that work ran; whatever raced past the refusal is failed
 * with the closed error, so no future is left pending.
 */
public final class Worker {
    private static final System.Logger LOG = System.getLogger(Worker.class.getName());
    private static final AtomicLong IDS = new AtomicLong();
    private static final AtomicIntegerFieldUpdater<Worker> PARKED_JOINERS =
            AtomicIntegerFieldUpdater.newUpdater(Worker.class, "parkedJoiners");
    private static final Cleaner CLEANER = Cleaner.create(runnable -> {
        // Not "asyncsqlite-<n>", the name of connection threads, which users count to find leaks.
        Thread t = new Thread(runnable, "asyncsqlite.cleaner");
        t.setDaemon(true);
        return t;
    });

    /** The longest the worker spins before it parks, and a caller's {@code join} before it parks. */
    public static final long DEFAULT_SPIN_NANOS = 50_000;

    private final String name;
    private final Thread thread;
    private final Executor completionExecutor;
    // The worker thread only: how long it spins for work before it parks.
    private final AdaptiveSpin idleSpin;
    // Any thread: how long a caller blocked on one of this worker's futures spins before it parks.
    private final AdaptiveSpin joinSpin;
    private final AdaptiveSpin.Arrival hasWork = this::hasWork;
    private final Supplier<? extends RuntimeException> closedError;
    // Any thread: multi-producer, single consumer (the worker).
    private final ConcurrentLinkedQueue<Operation<?>> queue = new ConcurrentLinkedQueue<>();
    private final Object interruptLock = new Object();

    // Any thread; true while the worker is parked or about to park (Dekker handshake with enqueue).
    private volatile boolean parked;
    // Any thread; once true, submit refuses work.
    private volatile boolean closing;
    // Any thread; true once the loop has ended.
    private volatile boolean terminated;
    // Worker thread only: how many completions the completion executor refused.
    private long executorFailures;
    // Written by the worker; cleared under interruptLock so an interrupt never hits the next operation.
    private volatile Operation<?> current;
    // Any thread; set once the engine is open.
    private volatile Runnable interrupter;
    // Test seams, null in use: run on the worker once it has decided to park, and just before it
    // parks, so tests can submit at exactly those moments.
    volatile Runnable beforeAnnouncingPark;
    volatile Runnable beforePark;
    // Any thread: how many callers are parked on this worker's futures, and the last thread whose
    // submission unparked the worker; both tell a spin it has just woken the other side.
    private volatile int parkedJoiners;
    private volatile Thread waker;
    // Worker thread only: whether a caller was parked when the last result was delivered.
    private boolean joinerWasParked;
    // Worker thread only.
    private Lane lane;
    private boolean stopRequested;

    private Worker(ThreadFactory threadFactory, String name, long spinNanos, Executor completionExecutor,
                   Supplier<? extends RuntimeException> closedError) {
        this.name = name;
        this.idleSpin = new AdaptiveSpin(spinNanos);
        this.joinSpin = new AdaptiveSpin(spinNanos);
        this.completionExecutor = completionExecutor;
        this.closedError = closedError;
        this.thread = threadFactory.newThread(this::loop);
    }

    /**
     * Starts a worker on a new daemon platform thread named {@code asyncsqlite-<id>}.
     *
     * @param completionExecutor where futures complete, or {@code null} for the worker thread
     * @param closedError makes the error that work submitted after stopping fails with
     * @return the running worker
     */
    public static Worker start(Executor completionExecutor, Supplier<? extends RuntimeException> closedError) {
        String name = "asyncsqlite-" + IDS.incrementAndGet();
        return start(runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        }, name, DEFAULT_SPIN_NANOS, completionExecutor, closedError);
    }

    /**
     * Starts a worker on a new virtual thread where the JDK has them (21 and newer), else as
     * {@link #start(Executor, Supplier)}: for connections whose engine waits on the network, so
     * that a connection blocked on its socket holds no platform thread.
     *
     * @param completionExecutor where futures complete, or {@code null} for the worker thread
     * @param closedError makes the error that work submitted after stopping fails with
     * @return the running worker
     */
    public static Worker startForNetwork(Executor completionExecutor, Supplier<? extends RuntimeException> closedError) {
        if (VirtualThreads.BUILDER == null) {
            return start(completionExecutor, closedError);
        }
        String name = "asyncsqlite-" + IDS.incrementAndGet();
        return start(runnable -> VirtualThreads.unstarted(name, runnable), name, DEFAULT_SPIN_NANOS, completionExecutor,
                closedError);
    }

    /** Virtual threads through reflection: the library targets Java 17, where they do not exist. */
    private static final class VirtualThreads {
        static final MethodHandle BUILDER = builder();
        private static final MethodHandle NAME = method("name", String.class);
        private static final MethodHandle UNSTARTED = method("unstarted", Runnable.class);

        private static MethodHandle builder() {
            try {
                return MethodHandles.publicLookup().findStatic(Thread.class, "ofVirtual",
                        MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")));
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }

        private static MethodHandle method(String name, Class<?> parameter) {
            if (BUILDER == null) {
                return null;
            }
            try {
                Class<?> builder = Class.forName("java.lang.Thread$Builder");
                return MethodHandles.publicLookup().findVirtual(builder, name,
                        MethodType.methodType(name.equals("name") ? builder : Thread.class, parameter));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("virtual threads are there but not their builder's " + name, e);
            }
        }

        static Thread unstarted(String name, Runnable runnable) {
            try {
                Object builder = NAME.invoke(BUILDER.invoke(), name);
                return (Thread) UNSTARTED.invoke(builder, runnable);
            } catch (Throwable e) {
                throw new IllegalStateException("cannot start a virtual thread", e);
            }
        }
    }

    /**
     * Starts a worker on a thread from the given factory: the seam for tests.
     *
     * @param threadFactory makes the thread
     * @param name the worker's name, used in messages
     * @param spinNanos how long to spin before parking
     * @param completionExecutor where futures complete, or {@code null} for the worker thread
     * @param closedError makes the error that work submitted after stopping fails with
     * @return the running worker
     */
    public static Worker start(ThreadFactory threadFactory, String name, long spinNanos, Executor completionExecutor,
                               Supplier<? extends RuntimeException> closedError) {
        Objects.requireNonNull(threadFactory, "threadFactory must not be null");
        Objects.requireNonNull(closedError, "closedError must not be null");
        Worker worker = new Worker(threadFactory, name, spinNanos, completionExecutor, closedError);
        worker.thread.start();
        return worker;
    }

    /**
     * Registers an action run once {@code owner} becomes unreachable. The action must not refer
     * to {@code owner}.
     *
     * @param owner the object whose loss triggers the action
     * @param action the action, run on the cleaner thread
     * @return the registration; {@code clean()} runs the action at most once
     */
    public static Cleaner.Cleanable whenUnreachable(Object owner, Runnable action) {
        return CLEANER.register(owner, action);
    }

    /**
     * The worker's name, {@code asyncsqlite-<id>}.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    Thread thread() {
        return thread;
    }

    /**
     * Whether the calling thread is this worker's thread.
     *
     * @return true on the worker thread
     */
    public boolean isWorkerThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Whether the worker thread has ended.
     *
     * @return true once the loop has finished
     */
    public boolean isTerminated() {
        return terminated;
    }

    /**
     * Sets what interrupts the running operation; called once the engine is open.
     *
     * @param interrupter safe to call from any thread
     */
    public void setInterrupter(Runnable interrupter) {
        this.interrupter = interrupter;
    }

    /**
     * Queues work on the main queue.
     *
     * @param work the work
     * @param <T> the result type
     * @return its operation; already failed with the closed error if the worker is stopping
     */
    public <T> Operation<T> submit(Work<T> work) {
        Operation<T> op = new Operation<>(this, work);
        if (closing) {
            op.fail(closedError.get());
            return op;
        }
        enqueue(queue, op);
        return op;
    }

    /**
     * Queues the last work this worker runs: later submissions fail with the closed error, and
     * the thread ends after this work. Only the first call queues anything.
     *
     * @param work the final work, typically closing the engine
     * @return its operation, or {@code null} if stopping had already begun
     */
    public Operation<Void> submitFinal(Work<Void> work) {
        synchronized (this) {
            if (closing) {
                return null;
            }
            closing = true;
        }
        Operation<Void> op = new Operation<>(this, () -> {
            stopRequested = true;
            return work.run();
        });
        enqueue(queue, op);
        return op;
    }

    /**
     * Whether {@link #submitFinal} has been called.
     *
     * @return true once stopping has begun
     */
    public boolean isClosing() {
        return closing;
    }

    /**
     * A future of this worker already completed with a value.
     *
     * @param value the value
     * @param <T> the type
     * @return the future
     */
    public <T> WorkerFuture<T> completed(T value) {
        WorkerFuture<T> f = new WorkerFuture<>(this);
        f.complete(value);
        return f;
    }

    /**
     * A future of this worker already failed.
     *
     * @param error the error
     * @param <T> the type
     * @return the future
     */
    public <T> WorkerFuture<T> failed(Throwable error) {
        WorkerFuture<T> f = new WorkerFuture<>(this);
        f.completeExceptionally(error);
        return f;
    }

    /**
     * An incomplete future of this worker, for results assembled from several operations.
     *
     * @param <T> the type
     * @return the future
     */
    public <T> WorkerFuture<T> newFuture() {
        return new WorkerFuture<>(this);
    }

    /**
     * Opens a lane: until it ends, the worker serves only the lane. Must be called on the
     * worker thread, from running work.
     *
     * @return the lane
     * @throws IllegalStateException off the worker thread, or if a lane is already open
     */
    public Lane openLane() {
        if (!isWorkerThread()) {
            throw new IllegalStateException("a lane can only be opened on the worker thread");
        }
        if (lane != null) {
            throw new IllegalStateException("a transaction is already open on connection " + name);
        }
        lane = new Lane(this);
        return lane;
    }

    <T> Operation<T> submitToLane(Lane target, Work<T> work, Supplier<? extends RuntimeException> endedError) {
        Operation<T> op = new Operation<>(this, work);
        if (target.ended) {
            op.fail(endedError.get());
            return op;
        }
        enqueue(target.queue, op);
        if (target.ended) {
            failAll(target.queue, endedError);
        }
        return op;
    }

    void interruptIfRunning(Operation<?> op) {
        synchronized (interruptLock) {
            Runnable i = interrupter;
            if (current == op && i != null) {
                i.run();
            }
        }
    }

    /**
     * Interrupts whatever operation is running now, if any.
     */
    public void interruptCurrent() {
        synchronized (interruptLock) {
            Runnable i = interrupter;
            if (current != null && i != null) {
                i.run();
            }
        }
    }

    // A caller blocked on f, not yet done: spins if that pays.
    void spinUntilDone(WorkerFuture<?> f) {
        joinSpin.spin(f::isDone, waker == Thread.currentThread());
    }

    // Around a caller's park on one of this worker's futures.
    void joinerParks() {
        PARKED_JOINERS.incrementAndGet(this);
    }

    void joinerWoke() {
        PARKED_JOINERS.decrementAndGet(this);
    }

    private void enqueue(Queue<Operation<?>> target, Operation<?> op) {
        target.offer(op);
        if (parked) {
            waker = Thread.currentThread();
            LockSupport.unpark(thread);
        }
        if (terminated) {
            failAll(target, closedError);
        }
    }

    private void loop() {
        try {
            while (!stopRequested) {
                Operation<?> op = poll();
                if (op == null) {
                    op = awaitNext();
                    if (op == null) {
                        continue;
                    }
                }
                run(op);
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "worker " + name + " stopped unexpectedly", t);
        } finally {
            closing = true;
            terminated = true;
            Lane l = lane;
            if (l != null) {
                l.ended = true;
                failAll(l.queue, closedError);
            }
            failAll(queue, closedError);
        }
    }

    private Operation<?> poll() {
        Lane l = lane;
        if (l != null) {
            if (!l.ended) {
                return l.queue.poll();
            }
            lane = null;
            failAll(l.queue, l.endedError);
        }
        return queue.poll();
    }

    private Operation<?> awaitNext() {
        boolean wokeCaller = joinerWasParked;
        joinerWasParked = false;
        if (idleSpin.spin(hasWork, wokeCaller)) {
            return poll();
        }
        runHook(beforeAnnouncingPark);
        parked = true;
        Operation<?> op = poll();
        if (op == null) {
            runHook(beforePark);
            LockSupport.park(this);
        }
        parked = false;
        return op;
    }

    private static void runHook(Runnable hook) {
        if (hook != null) {
            hook.run();
        }
    }

    // Worker thread only: whether poll() would find work, without taking it.
    private boolean hasWork() {
        Lane l = lane;
        return l != null ? l.ended || !l.queue.isEmpty() : !queue.isEmpty();
    }

    private <T> void run(Operation<T> op) {
        current = op;
        if (!op.start()) {
            current = null;
            op.work = null;
            return;
        }
        Work<T> work = op.work;
        op.work = null;
        T result = null;
        Throwable error = null;
        try {
            result = work.run();
        } catch (Throwable t) {
            error = t;
        }
        synchronized (interruptLock) {
            current = null;
        }
        // Read before the result is delivered, which unparks the callers blocked on it.
        joinerWasParked = parkedJoiners > 0;
        Throwable cancel = op.cancelRequest();
        if (cancel != null) {
            // A canceller is waiting for the decision: decide here, on the worker, before it wakes.
            if (error != null) {
                op.applyCancel(cancel);
            } else {
                completeNow(op, result, null);
            }
            op.finish();
            return;
        }
        op.finish();
        deliver(op, result, error);
    }

    private <T> void deliver(Operation<T> op, T result, Throwable error) {
        Executor executor = completionExecutor;
        if (executor == null || op.isDone()) {
            completeNow(op, result, error);
            return;
        }
        try {
            executor.execute(() -> completeNow(op, result, error));
        } catch (Throwable rejected) {
            executorFailures++;
            // An executor that refuses once (shut down, saturated) usually refuses every
            // completion: warn at the 1st, 10th, 100th, ... failure, not once per completion.
            if (isPowerOfTen(executorFailures)) {
                LOG.log(System.Logger.Level.WARNING, "completion executor of " + name + " failed ("
                        + executorFailures + (executorFailures == 1 ? " time" : " times") + " so far); completing on the worker thread",
                        rejected);
            }
            completeNow(op, result, error);
        }
    }

    private static boolean isPowerOfTen(long n) {
        while (n >= 10 && n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }

    private static <T> void completeNow(Operation<T> op, T result, Throwable error) {
        try {
            if (error == null) {
                op.succeed(result);
            } else {
                op.fail(error);
            }
        } catch (Throwable t) {
            // Dependents run inside complete(); CompletableFuture already captures their failures,
            // so only a failure of the machinery itself lands here. It must not end the worker.
            LOG.log(System.Logger.Level.WARNING, "completing a future failed", t);
        }
    }

    private static void failAll(Queue<Operation<?>> target, Supplier<? extends RuntimeException> error) {
        for (Operation<?> op; (op = target.poll()) != null; ) {
            op.work = null;
            op.fail(error.get());
        }
    }

    @Override
    public String toString() {
        return "Worker[" + name + (terminated ? ", terminated" : closing ? ", closing" : "") + ']';
    }
}
