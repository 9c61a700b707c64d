package dev.asyncsqlite.internal.session;

import dev.asyncsqlite.Change;
import java.util.List;
import java.util.Set;

/**
 * What one committed transaction changed, as far as can be told: the tables the update hook saw
 * rows of change, the tables that may have changed without the hook saying which rows, whether
 * anything at all may have changed, whether the schema may have, and the rows themselves.
 * Immutable.
 */
final class ChangeSet {
    /** A watch whose tables this set concerns runs again and emits its result. */
    static final int RUN = 1;
    /** A watch runs again and emits its result only if it differs from the last one emitted. */
    static final int RUN_IF_DIFFERENT = 2;
    /** A watch asks SQLite again which tables it reads before it runs. */
    static final int RELOAD_TABLES = 4;

    /** Anything may have changed, schema included: a commit seen only through data_version. */
    static final ChangeSet UNKNOWN_AND_SCHEMA = new ChangeSet(Set.of(), Set.of(), true, true, List.of());
    /** Anything may have changed, the schema not. */
    static final ChangeSet UNKNOWN = new ChangeSet(Set.of(), Set.of(), true, false, List.of());

    final Set<String> changed;
    final Set<String> doubtful;
    final boolean everything;
    final boolean schema;
    final List<Change> rows;

    ChangeSet(Set<String> changed, Set<String> doubtful, boolean everything, boolean schema, List<Change> rows) {
        this.changed = changed;
        this.doubtful = doubtful;
        this.everything = everything;
        this.schema = schema;
        this.rows = rows;
    }

    boolean isEmpty() {
        return changed.isEmpty() && doubtful.isEmpty() && !everything && !schema;
    }

    /**
     * What a watch reading {@code reads} must do about this set.
     *
     * @param reads the tables the watch reads, or {@code null} while they are not known yet
     * @return a combination of {@link #RUN}, {@link #RUN_IF_DIFFERENT} and {@link #RELOAD_TABLES}
     */
    int concern(TableSet reads) {
        int flags = schema ? RUN_IF_DIFFERENT | RELOAD_TABLES : 0;
        if (everything || reads == null || reads.unknown()) {
            return isEmpty() ? flags : flags | RUN_IF_DIFFERENT;
        }
        for (String table : reads.keys()) {
            if (changed.contains(table)) {
                return flags | RUN;
            }
            if (doubtful.contains(table)) {
                flags |= RUN_IF_DIFFERENT;
            }
        }
        return flags;
    }
}
