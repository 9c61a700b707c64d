package dev.asyncsqlite.internal.worker;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hand-off between callers and the worker under races: every submission wakes a parked
 * worker, every completion wakes a parked caller. Each wait below has a bound; a lost wake-up
 * shows as a timed-out {@code get}, however fast or slow the machine is.
 */
class HandOffTest {
    private static final int THREADS = 8;
    private static final int OPS = 5_000;

    private final List<Worker> workers = new ArrayList<>();
    private final List<ExecutorService> executors = new ArrayList<>();

    private Worker worker(long spinNanos, Executor completionExecutor) {
        Worker w = Worker.start(r -> {
            Thread t = new Thread(r, "hand-off-worker");
            t.setDaemon(true);
            return t;
        }, "hand-off-worker", spinNanos, completionExecutor, () -> new IllegalStateException("closed"));
        workers.add(w);
        return w;
    }

    private ExecutorService track(ExecutorService e) {
        executors.add(e);
        return e;
    }

    @AfterEach
    void stop() throws Exception {
        for (Worker w : workers) {
            Operation<Void> last = w.submitFinal(() -> null);
            if (last != null) {
                last.get(10, SECONDS);
            }
            w.thread().join(10_000);
            assertThat(w.isTerminated()).isTrue();
        }
        executors.forEach(ExecutorService::shutdownNow);
    }

    // Runs 'submit' on this thread while the worker is held at one moment of going to park, then
    // lets the worker go on; the submitted work must run without any other submission.
    private static void submitWhileTheWorkerIsAt(Worker worker, boolean announced) throws Exception {
        CountDownLatch atTheMoment = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean goOn = new java.util.concurrent.atomic.AtomicBoolean();
        // Holds the worker by spinning: anything that parks would take the permit an unpark leaves.
        Runnable hold = () -> {
            atTheMoment.countDown();
            long deadline = System.nanoTime() + SECONDS.toNanos(10);
            while (!goOn.get() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        };
        if (announced) {
            worker.beforePark = hold;
        } else {
            worker.beforeAnnouncingPark = hold;
        }
        // Work that brings the worker back to the moment, should it be parked already.
        worker.submit(() -> null);
        assertThat(atTheMoment.await(10, SECONDS)).as("the worker went to park").isTrue();
        worker.beforePark = null;
        worker.beforeAnnouncingPark = null;
        Operation<String> op = worker.submit(() -> "ran");
        goOn.set(true);
        assertThat(op.get(10, SECONDS)).isEqualTo("ran");
    }

    @Test
    void workSubmittedAsTheWorkerDecidesToParkIsFoundByItsLastLook() throws Exception {
        // The submitter sees a worker not yet parked and wakes no one: the worker's look at the
        // queue after announcing its park must find the work.
        Worker worker = worker(0, null);
        for (int i = 0; i < 100; i++) {
            submitWhileTheWorkerIsAt(worker, false);
        }
    }

    @Test
    void workSubmittedJustBeforeTheWorkerParksWakesIt() throws Exception {
        // The submitter sees the park announced and unparks: the worker's park returns at once.
        Worker worker = worker(0, null);
        for (int i = 0; i < 100; i++) {
            submitWhileTheWorkerIsAt(worker, true);
        }
    }

    // From each of THREADS threads of the executor, OPS operations submitted and joined one by
    // one; each returns its own number, so a result handed to the wrong caller shows too.
    private static void joinPerOperation(Worker worker, ExecutorService callers) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Long>> sums = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long base = t * 1_000_000L;
            sums.add(callers.submit(() -> {
                start.await();
                long sum = 0;
                for (int i = 0; i < OPS; i++) {
                    long n = base + i;
                    sum += worker.submit(() -> n).get(10, SECONDS);
                }
                return sum;
            }));
        }
        start.countDown();
        for (int t = 0; t < THREADS; t++) {
            long base = t * 1_000_000L;
            assertThat(sums.get(t).get(60, SECONDS)).isEqualTo(base * OPS + (long) OPS * (OPS - 1) / 2);
        }
    }

    @Test
    void noWakeUpIsLostWhenEveryWaitParks() throws Exception {
        // No spin at all: every submission races the worker going to park, every completion a
        // caller going to park.
        joinPerOperation(worker(0, null), track(Executors.newFixedThreadPool(THREADS)));
    }

    @Test
    void noWakeUpIsLostWithTheAdaptiveSpin() throws Exception {
        joinPerOperation(worker(Worker.DEFAULT_SPIN_NANOS, null), track(Executors.newFixedThreadPool(THREADS)));
    }

    @Test
    void noWakeUpIsLostWhenACompletionExecutorCompletesTheFutures() throws Exception {
        ExecutorService completions = track(Executors.newFixedThreadPool(2));
        joinPerOperation(worker(0, completions), track(Executors.newFixedThreadPool(THREADS)));
        joinPerOperation(worker(Worker.DEFAULT_SPIN_NANOS, completions), track(Executors.newFixedThreadPool(THREADS)));
    }

    @Test
    void noWakeUpIsLostForVirtualThreadCallers() throws Exception {
        ExecutorService virtual = virtualThreadPerTask();
        assumeTrue(virtual != null, "virtual threads need JDK 21 or newer; CI runs this on JDK 25");
        track(virtual);
        joinPerOperation(worker(0, null), virtual);
        joinPerOperation(worker(Worker.DEFAULT_SPIN_NANOS, null), virtual);
    }

    @Test
    void noWakeUpIsLostOnALane() throws Exception {
        Worker worker = worker(0, null);
        AtomicReference<Lane> lane = new AtomicReference<>();
        worker.submit(() -> {
            lane.set(worker.openLane());
            return null;
        }).get(10, SECONDS);
        ExecutorService callers = track(Executors.newFixedThreadPool(THREADS));
        List<Future<Integer>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            done.add(callers.submit(() -> {
                int n = 0;
                for (int i = 0; i < OPS; i++) {
                    n += lane.get().submit(() -> 1, () -> new IllegalStateException("ended")).get(10, SECONDS);
                }
                return n;
            }));
        }
        for (Future<Integer> f : done) {
            assertThat(f.get(60, SECONDS)).isEqualTo(OPS);
        }
        lane.get().submit(() -> {
            lane.get().end(() -> new IllegalStateException("ended"));
            return null;
        }, () -> new IllegalStateException("ended")).get(10, SECONDS);
        assertThat(worker.submit(() -> "main queue again").get(10, SECONDS)).isEqualTo("main queue again");
    }

    @Test
    void chainsThatSubmitFromTheWorkerNeverWaitForAWakeUp() throws Exception {
        Worker worker = worker(0, null);
        CompletableFuture<Long> chain = CompletableFuture.completedFuture(0L);
        for (int i = 0; i < OPS; i++) {
            long n = i;
            chain = chain.thenCompose(sum -> worker.submit(() -> sum + n));
        }
        assertThat(chain.get(60, SECONDS)).isEqualTo((long) OPS * (OPS - 1) / 2);
    }

    @Test
    void anIdleWorkerParksWithoutATimeout() throws Exception {
        Worker worker = worker(Worker.DEFAULT_SPIN_NANOS, null);
        for (int i = 0; i < 1_000; i++) {
            worker.submit(() -> null).get(10, SECONDS);
        }
        // It spins at most DEFAULT_SPIN_NANOS, then parks with no timeout: an idle connection
        // takes no CPU until work arrives.
        Thread thread = worker.thread();
        long deadline = System.nanoTime() + SECONDS.toNanos(10);
        while (!(thread.getState() == Thread.State.WAITING && LockSupport.getBlocker(thread) == worker)
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(thread.getState()).isEqualTo(Thread.State.WAITING);
        assertThat(LockSupport.getBlocker(thread)).isSameAs(worker);
        assertThat(worker.submit(() -> "woken").get(10, SECONDS)).isEqualTo("woken");
    }

    // Executors.newVirtualThreadPerTaskExecutor() where the JDK has it (21+); the tests compile
    // for Java 17.
    private static ExecutorService virtualThreadPerTask() {
        try {
            return (ExecutorService) MethodHandles.publicLookup()
                    .findStatic(Executors.class, "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class))
                    .invoke();
        } catch (NoSuchMethodException e) {
            return null;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot make a virtual-thread executor", e);
        }
    }
}
