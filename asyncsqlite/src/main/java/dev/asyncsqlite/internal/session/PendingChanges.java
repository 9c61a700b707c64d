package dev.asyncsqlite.internal.session;

import dev.asyncsqlite.Change;
import dev.asyncsqlite.UpdateHook;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the open transaction of one connection has changed so far, as far as can be told: the
 * rows the update hook reported, the tables that may have changed without the hook saying
 * which rows, and whether anything at all, or the schema, may have. Taken as a
 * {@link ChangeSet} once the transaction commits. Worker thread only.
 */
final class PendingChanges {
    private static final int NAMES_LIMIT = 256;

    private ArrayList<Change> rows = new ArrayList<>();
    private final Set<String> doubtful = new HashSet<>();
    private boolean everything;
    private boolean schema;
    // Rows before this one may have been undone by a ROLLBACK TO: published, but not as certain.
    private int certainFrom;
    private final Map<String, String> names = new HashMap<>();

    /** A row the update hook reported. */
    void row(UpdateHook.Kind kind, String database, String table, long rowId) {
        rows.add(new Change(name(database), name(table), operation(kind), rowId));
    }

    /** How many rows were reported. */
    int rows() {
        return rows.size();
    }

    /**
     * The rows reported from {@code from} on may not stand (their statement failed, and may or
     * may not have been undone): they go, and their tables become doubtful.
     */
    void doubtSince(int from) {
        List<Change> doubted = rows.subList(Math.min(from, rows.size()), rows.size());
        doubt(doubted);
        doubted.clear();
        certainFrom = Math.min(certainFrom, rows.size());
    }

    /** The rows reported from {@code from} on were certainly undone (a savepoint rolled back to). */
    void undoSince(int from) {
        if (from < rows.size()) {
            rows.subList(from, rows.size()).clear();
            certainFrom = Math.min(certainFrom, rows.size());
        }
    }

    /**
     * After a {@code ROLLBACK TO}: every row so far may have been undone; they are still
     * published, their tables as doubtful.
     */
    void doubtAll() {
        doubt(rows);
        certainFrom = rows.size();
    }

    /** Tables that may have changed without rows to tell. */
    void doubt(Set<String> tables) {
        doubtful.addAll(tables);
    }

    /** A table that may have changed without rows to tell. */
    void doubt(String table) {
        doubtful.add(table);
    }

    /** Anything may have changed. */
    void everything() {
        everything = true;
    }

    /** The schema may have changed. */
    void schema() {
        schema = true;
    }

    boolean isEmpty() {
        return rows.isEmpty() && doubtful.isEmpty() && !everything && !schema;
    }

    /** What was changed, for the hub, and nothing pending afterwards. */
    ChangeSet take() {
        Set<String> changed = new HashSet<>();
        tables(rows.subList(certainFrom, rows.size()), changed);
        ChangeSet set = new ChangeSet(changed, Set.copyOf(doubtful), everything, schema,
                rows.isEmpty() ? List.of() : Collections.unmodifiableList(rows));
        rows = new ArrayList<>();
        clear();
        return set;
    }

    void clear() {
        rows.clear();
        doubtful.clear();
        everything = false;
        schema = false;
        certainFrom = 0;
    }

    private void doubt(List<Change> changes) {
        tables(changes, doubtful);
    }

    private static void tables(List<Change> changes, Set<String> into) {
        String lastTable = null;
        String lastSchema = null;
        for (Change c : changes) {
            // Rows come in runs of one table, whose names are shared strings.
            if (c.table() != lastTable || c.schema() != lastSchema) {
                lastTable = c.table();
                lastSchema = c.schema();
                into.add(TableSet.key(lastSchema, lastTable));
            }
        }
    }

    // One string per name, so that the rows of a table share it.
    private String name(String s) {
        String shared = names.get(s);
        if (shared == null) {
            if (names.size() >= NAMES_LIMIT) {
                names.clear();
            }
            names.put(s, s);
            shared = s;
        }
        return shared;
    }

    private static Change.Operation operation(UpdateHook.Kind kind) {
        switch (kind) {
            case INSERT:
                return Change.Operation.INSERT;
            case UPDATE:
                return Change.Operation.UPDATE;
            default:
                return Change.Operation.DELETE;
        }
    }
}
