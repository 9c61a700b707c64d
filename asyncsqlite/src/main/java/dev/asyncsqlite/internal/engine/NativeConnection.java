package dev.asyncsqlite.internal.engine;

import dev.asyncsqlite.Aggregate;
import dev.asyncsqlite.Authorizer;
import dev.asyncsqlite.BackupProgress;
import dev.asyncsqlite.ProgressHandler;
import dev.asyncsqlite.NotSupportedException;
import dev.asyncsqlite.SqlFunction;
import dev.asyncsqlite.TraceCallback;
import dev.asyncsqlite.UpdateHook;
import dev.asyncsqlite.WindowAggregate;
import java.util.Comparator;
import java.util.function.Supplier;

/**
 * An open SQLite database handle ({@code sqlite3*}). Confined to its worker thread, except
 * {@link #interrupt()}. Every method throws {@link dev.asyncsqlite.SqliteException} on failure.
 */
public interface NativeConnection {

    /**
     * Compiles one statement ({@code sqlite3_prepare_v2}); only the first statement of
     * {@code sql} is compiled, so callers pass exactly one.
     *
     * @param sql one non-empty SQL statement
     * @return the statement
     */
    NativeStatement prepare(String sql);

    /**
     * Runs zero or more statements without parameters ({@code sqlite3_exec}).
     *
     * @param sql the statements
     */
    void exec(String sql);

    /**
     * {@code sqlite3_changes64}.
     *
     * @return rows changed by the last completed INSERT, UPDATE or DELETE
     */
    long changes();

    /**
     * {@code sqlite3_total_changes64}.
     *
     * @return rows changed since the connection opened
     */
    long totalChanges();

    /**
     * {@code sqlite3_last_insert_rowid}.
     *
     * @return the row id of the most recent successful insert
     */
    long lastInsertRowId();

    /**
     * {@code sqlite3_get_autocommit} inverted.
     *
     * @return true while a transaction is open
     */
    boolean inTransaction();

    /**
     * Opens a transaction with {@code beginSql} unless one is open already.
     *
     * @param beginSql {@code BEGIN DEFERRED}, {@code BEGIN IMMEDIATE} or {@code BEGIN EXCLUSIVE}
     * @return true if this call opened a transaction, false if one was open
     */
    default boolean beginIfNone(String beginSql) {
        if (inTransaction()) {
            return false;
        }
        exec(beginSql);
        return true;
    }

    /**
     * {@code sqlite3_interrupt}: safe from any thread.
     */
    void interrupt();

    /**
     * {@code sqlite3_libversion}.
     *
     * @return the SQLite version, such as {@code 3.54.1}
     */
    String libVersion();

    /**
     * Finalizes every statement and closes the database ({@code sqlite3_close}). Idempotent.
     */
    void close();

    /**
     * The engine's name, for messages such as "not supported by the sqlite-jdbc engine".
     *
     * @return the name
     */
    String engineName();

    /**
     * {@code sqlite3_create_function_v2} for a scalar function. The callback's arguments and
     * result are SQLite values ({@code null}, {@link Long}, {@link Double}, {@link String},
     * {@code byte[]}); an exception it throws becomes {@code sqlite3_result_error}.
     *
     * @param name the function name
     * @param nArgs the number of arguments, or -1 for any
     * @param deterministic whether to flag it {@code SQLITE_DETERMINISTIC}
     * @param function the callback
     */
    void createFunction(String name, int nArgs, boolean deterministic, SqlFunction function);

    /**
     * {@code sqlite3_create_function_v2} for an aggregate; one state per group.
     *
     * @param name the function name
     * @param nArgs the number of arguments, or -1 for any
     * @param factory makes the state of a group
     */
    void createAggregate(String name, int nArgs, Supplier<? extends Aggregate> factory);

    /**
     * {@code sqlite3_create_window_function}.
     *
     * @param name the function name
     * @param nArgs the number of arguments, or -1 for any
     * @param factory makes the state of a partition
     */
    void createWindowFunction(String name, int nArgs, Supplier<? extends WindowAggregate> factory);

    /**
     * Removes a function of this name and arity.
     *
     * @param name the function name
     * @param nArgs the arity it was created with
     */
    void removeFunction(String name, int nArgs);

    /**
     * {@code sqlite3_create_collation_v2}.
     *
     * @param name the collation name
     * @param comparator orders two texts
     */
    void createCollation(String name, Comparator<String> comparator);

    /**
     * Removes a collation.
     *
     * @param name the collation name
     */
    void removeCollation(String name);

    /**
     * {@code sqlite3_progress_handler}.
     *
     * @param instructions virtual machine instructions between calls
     * @param handler the handler, or {@code null} to remove it
     */
    void setProgressHandler(int instructions, ProgressHandler handler);

    /**
     * {@code sqlite3_update_hook}.
     *
     * @param hook the hook, or {@code null} to remove it
     */
    void setUpdateHook(UpdateHook hook);

    /**
     * Whether {@link #setUpdateHook} and {@link #setTransactionHooks} work on this engine, so that
     * the rows a transaction changes can be known.
     *
     * @return false for an engine without hooks (a remote one)
     */
    default boolean hasHooks() {
        return true;
    }

    /**
     * {@code sqlite3_commit_hook} and {@code sqlite3_rollback_hook}, as notifications.
     *
     * @param onCommit called when a transaction commits, or {@code null}
     * @param onRollback called when a transaction rolls back, or {@code null}
     */
    void setTransactionHooks(Runnable onCommit, Runnable onRollback);

    /**
     * {@code sqlite3_set_authorizer}.
     *
     * @param authorizer the authorizer, or {@code null} to remove it
     * @throws dev.asyncsqlite.NotSupportedException if the engine cannot install one
     */
    void setAuthorizer(Authorizer authorizer);

    /**
     * {@code sqlite3_enable_load_extension}.
     *
     * @param enabled whether loading is allowed
     */
    void enableLoadExtension(boolean enabled);

    /**
     * {@code sqlite3_limit}.
     *
     * @param id the limit
     * @param value the new value, or a negative number to only read it
     * @return the value before the call
     */
    int limit(int id, int value);

    /**
     * {@code sqlite3_serialize}.
     *
     * @param schema the schema
     * @return the database image
     */
    byte[] serialize(String schema);

    /**
     * {@code sqlite3_deserialize}: replaces the schema with an in-memory copy of the image.
     *
     * @param schema the schema
     * @param image a database image
     */
    void deserialize(String schema, byte[] image);

    /**
     * Copies a schema into a database file with the online backup API.
     *
     * @param schema the schema to copy
     * @param file the target file, replaced
     * @param pagesPerStep pages per step, or -1 for all
     * @param sleepMillis wait before retrying a busy step
     * @param progress told after each step, or {@code null}
     */
    void backupToFile(String schema, String file, int pagesPerStep, int sleepMillis, BackupProgress progress);

    /**
     * Replaces a schema with the contents of a database file with the online backup API.
     *
     * @param schema the schema to replace
     * @param file the source file
     * @param pagesPerStep pages per step, or -1 for all
     * @param sleepMillis wait before retrying a busy step
     * @param progress told after each step, or {@code null}
     */
    void restoreFromFile(String schema, String file, int pagesPerStep, int sleepMillis, BackupProgress progress);

    /**
     * Reports each trigger program as it starts, as SQLite's comment {@code -- TRIGGER name}
     * ({@code sqlite3_trace_v2}), if the engine can; engines that cannot ignore the call. The
     * session itself reports the statements it runs, before they run.
     *
     * @param callback the callback, or {@code null} to remove it
     */
    default void traceTriggers(TraceCallback callback) {
    }

    /**
     * Compiles a statement without running it and reports the tables its authorizer calls name:
     * read ({@code SQLITE_READ}, also for {@code count(*)} and through views) and written
     * ({@code SQLITE_INSERT}, {@code SQLITE_UPDATE}, {@code SQLITE_DELETE}, also by triggers). The
     * user's authorizer is not called for this compilation. Engines without an authorizer return
     * {@code null}, and the caller asks {@code EXPLAIN} instead.
     *
     * @param sql one statement
     * @return the tables, or {@code null} if the engine has no authorizer
     */
    default TableUse tablesUsed(String sql) {
        return null;
    }

    /**
     * {@code sqlite3_blob_open}.
     *
     * @param schema the schema
     * @param table the table
     * @param column the column
     * @param rowId the rowid
     * @param writable open for writing
     * @return the handle
     * @throws NotSupportedException if the engine cannot
     */
    default NativeBlob openBlob(String schema, String table, String column, long rowId, boolean writable) {
        throw new NotSupportedException("blobOpen is not supported by the " + engineName() + " engine (use the native engine)");
    }

    /**
     * {@code sqlite3_db_config} for an on/off setting.
     *
     * @param code the {@code SQLITE_DBCONFIG_*} code
     * @param value 1 to enable, 0 to disable, -1 to only read
     * @return whether it is on afterwards
     * @throws NotSupportedException if the engine cannot
     */
    default boolean dbConfig(int code, int value) {
        throw new NotSupportedException("sqlite3_db_config is not supported by the " + engineName()
                + " engine (use the native engine)");
    }

    /**
     * Copies a schema into another open connection of the same engine with
     * {@code sqlite3_backup_*}, if the engine can; the caller holds the target's worker still.
     *
     * @param target the connection to copy into (its {@code main} schema is replaced)
     * @param schema the schema to copy
     * @param pagesPerStep pages per step, or -1
     * @param sleepMillis wait before retrying a busy step
     * @param progress told after each step, or {@code null}
     * @return false if the engine cannot copy directly, so the caller copies through a file
     */
    default boolean backupTo(NativeConnection target, String schema, int pagesPerStep, int sleepMillis,
                             BackupProgress progress) {
        return false;
    }
}
