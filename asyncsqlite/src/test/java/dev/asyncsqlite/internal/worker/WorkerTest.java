package dev.asyncsqlite.internal.worker;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The worker on its own, through its test seam: a thread factory we control. */
class WorkerTest {
    private final AtomicReference<Thread> made = new AtomicReference<>();
    private final Worker worker = Worker.start(r -> {
        Thread t = new Thread(r, "test-worker");
        t.setDaemon(true);
        made.set(t);
        return t;
    }, "test-worker", 1_000, null, () -> new IllegalStateException("closed"));

    @AfterEach
    void stop() throws Exception {
        Operation<Void> last = worker.submitFinal(() -> null);
        if (last != null) {
            last.get(10, SECONDS);
        }
        made.get().join(10_000);
        assertThat(made.get().isAlive()).isFalse();
    }

    // Holds the worker inside an operation until the returned future is completed.
    private CompletableFuture<Void> hold() throws InterruptedException {
        CompletableFuture<Void> release = new CompletableFuture<>();
        CountDownLatch running = new CountDownLatch(1);
        worker.submit(() -> {
            running.countDown();
            return release.get(10, SECONDS);
        });
        assertThat(running.await(10, SECONDS)).isTrue();
        return release;
    }

    @Test
    void operationsRunInSubmissionOrderOnTheWorkersThread() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> release = hold();
        for (int i = 0; i < 100; i++) {
            int n = i;
            worker.submit(() -> seen.add(n + "@" + Thread.currentThread().getName()));
        }
        release.complete(null);
        worker.submit(() -> null).get(10, SECONDS);
        assertThat(seen).hasSize(100).allMatch(s -> s.endsWith("@test-worker"));
        for (int i = 0; i < 100; i++) {
            assertThat(seen.get(i)).startsWith(i + "@");
        }
    }

    @Test
    void aQueuedOperationCancelledBeforeItRunsIsSkipped() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> release = hold();
        Operation<Boolean> victim = worker.submit(() -> ran.add("victim"));
        Operation<Boolean> survivor = worker.submit(() -> ran.add("survivor"));
        assertThat(victim.cancel(true)).isTrue();
        release.complete(null);
        survivor.get(10, SECONDS);
        assertThat(ran).containsExactly("survivor");
    }

    @Test
    void whateverWorkThrowsFailsOnlyItsOwnOperation() throws Exception {
        Operation<Object> error = worker.submit(() -> {
            throw new StackOverflowError("user code");
        });
        Operation<Object> exception = worker.submit(() -> {
            throw new IllegalArgumentException("user code");
        });
        assertThatThrownBy(() -> error.get(10, SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(StackOverflowError.class);
        assertThatThrownBy(() -> exception.get(10, SECONDS)).cause().isInstanceOf(IllegalArgumentException.class);
        assertThat(worker.submit(() -> 42).get(10, SECONDS)).isEqualTo(42);
    }

    @Test
    void afterTheFinalWorkEverySubmissionFailsAtOnce() throws Exception {
        CompletableFuture<Void> release = hold();
        Operation<String> queuedBefore = worker.submit(() -> "ran");
        Operation<Void> last = worker.submitFinal(() -> null);
        assertThat(worker.submitFinal(() -> null)).as("only the first final work is queued").isNull();
        Operation<String> after = worker.submit(() -> "never");
        assertThat(after).isCompletedExceptionally();
        release.complete(null);
        assertThat(queuedBefore.get(10, SECONDS)).isEqualTo("ran");
        last.get(10, SECONDS);
        made.get().join(10_000);
        assertThat(worker.isTerminated()).isTrue();
    }

    @Test
    void whileALaneIsOpenOnlyTheLaneIsServed() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        AtomicReference<Lane> lane = new AtomicReference<>();
        worker.submit(() -> {
            lane.set(worker.openLane());
            return null;
        }).get(10, SECONDS);
        Operation<Boolean> outside = worker.submit(() -> order.add("outside"));
        lane.get().submit(() -> order.add("lane 1"), () -> new IllegalStateException("ended")).get(10, SECONDS);
        assertThat(outside).isNotDone();
        lane.get().submit(() -> {
            order.add("lane 2");
            lane.get().end(() -> new IllegalStateException("ended"));
            return null;
        }, () -> new IllegalStateException("ended")).get(10, SECONDS);
        outside.get(10, SECONDS);
        assertThat(order).containsExactly("lane 1", "lane 2", "outside");
        assertThat(lane.get().submit(() -> "late", () -> new IllegalStateException("ended"))).isCompletedExceptionally();
    }

    @Test
    void waitingOnTheWorkersOwnFutureFromItsThreadThrows() throws Exception {
        CompletableFuture<Void> release = hold();
        Operation<String> later = worker.submit(() -> "later");
        Operation<Object> waits = worker.submit(() -> later.join());
        release.complete(null);
        assertThat(later.get(10, SECONDS)).isEqualTo("later");
        // 'later' ran before 'waits', so joining it inside 'waits' is fine; an unfinished one is not:
        Operation<Object> selfWait = worker.submit(() -> worker.submit(() -> "next").join());
        assertThatThrownBy(() -> selfWait.get(10, SECONDS)).cause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("deadlock");
        assertThat(waits.get(10, SECONDS)).isEqualTo("later");
    }

    @Test
    void aRefusingCompletionExecutorCompletesOnTheWorkerAndWarnsSparingly() throws Exception {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(Worker.class.getName());
        List<java.util.logging.LogRecord> warnings = new CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getMessage().startsWith("completion executor")) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        AtomicReference<Thread> thread = new AtomicReference<>();
        Worker refused = Worker.start(r -> {
            Thread t = new Thread(r, "refused-worker");
            t.setDaemon(true);
            thread.set(t);
            return t;
        }, "refused-worker", 1_000, task -> {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        }, () -> new IllegalStateException("closed"));
        try {
            List<String> completedOn = new CopyOnWriteArrayList<>();
            CompletableFuture<?>[] all = new CompletableFuture<?>[150];
            for (int i = 0; i < all.length; i++) {
                all[i] = refused.submit(() -> null).thenRun(() -> completedOn.add(Thread.currentThread().getName()));
            }
            CompletableFuture.allOf(all).get(10, SECONDS);
            assertThat(completedOn).hasSize(150);
            // Completed on the worker, or on this thread when the stage was attached after completion.
            assertThat(completedOn).allMatch(n -> n.equals("refused-worker") || n.equals(Thread.currentThread().getName()));
            assertThat(warnings).extracting(java.util.logging.LogRecord::getMessage)
                    .containsExactly("completion executor of refused-worker failed (1 time so far); completing on the worker thread",
                            "completion executor of refused-worker failed (10 times so far); completing on the worker thread",
                            "completion executor of refused-worker failed (100 times so far); completing on the worker thread");
        } finally {
            log.removeHandler(handler);
            Operation<Void> last = refused.submitFinal(() -> null);
            if (last != null) {
                last.get(10, SECONDS);
            }
            thread.get().join(10_000);
        }
    }
}
