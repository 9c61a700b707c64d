package dev.asyncsqlite;

/**
 * Receives the SQL of every statement the connection runs: {@code set_trace_callback}. Runs on
 * the worker thread just before the statement (and, on the native engine, as a trigger program
 * starts inside one), and must be quick.
 */
@FunctionalInterface
public interface TraceCallback {
    /**
     * A statement is about to run.
     *
     * @param sql its text, as given (parameters are not expanded), or {@code -- TRIGGER name}
     * @throws Exception anything; the statement then does not run and fails with it as the cause
     *     (thrown for a trigger, it fails the statement that fired the trigger, as a hook does)
     */
    void onStatement(String sql) throws Exception;
}
