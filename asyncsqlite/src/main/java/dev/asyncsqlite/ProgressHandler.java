package dev.asyncsqlite;

/**
 * Called every N virtual machine instructions of a running statement:
 * {@code set_progress_handler}. Runs on the worker thread and must be quick.
 */
@FunctionalInterface
public interface ProgressHandler {
    /**
     * Decides whether the running statement goes on.
     *
     * @return true to abort the statement (it fails with {@link SqliteInterruptedException})
     * @throws Exception anything; aborts the statement, which fails with it as the cause
     */
    boolean abort() throws Exception;
}
