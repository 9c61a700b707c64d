/**
 * asyncsqlite: asynchronous SQLite for Java.
 *
 * <p>Every {@link dev.asyncsqlite.Connection} owns one dedicated platform thread (its
 * <em>worker</em>) on which all of its SQLite calls run. Every method that touches the database
 * returns a {@link java.util.concurrent.CompletableFuture} at once and never blocks the caller,
 * so event loops and virtual threads stay free. Futures complete on the worker thread unless
 * {@link dev.asyncsqlite.ConnectOptions.Builder#completionExecutor(java.util.concurrent.Executor)}
 * says otherwise.
 *
 * <p>Start with {@link dev.asyncsqlite.AsyncSqlite#connect(String)}.
 *
 * <p>Unless a method says otherwise, parameters must not be {@code null}, and passing
 * {@code null} throws {@link java.lang.NullPointerException} at once.
 */
package dev.asyncsqlite;
