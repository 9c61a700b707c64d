package dev.asyncsqlite.internal.session;

import dev.asyncsqlite.internal.engine.NativeConnection;
import dev.asyncsqlite.internal.engine.NativeStatement;
import dev.asyncsqlite.internal.engine.TableUse;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Asks SQLite which tables a statement reads or writes, never guessing from the SQL text: the
 * engine's authorizer where it has one ({@link NativeConnection#tablesUsed}), otherwise the
 * program SQLite compiles for it, as {@code EXPLAIN} lists it (trigger programs included): the
 * root pages its {@code OpenRead}, {@code ReopenIdx} and {@code OpenWrite} instructions open and
 * its {@code Clear} instructions empty, mapped through {@code sqlite_schema} to their tables (an
 * index to the table it indexes). A
 * virtual table, or a root page the schema does not list, makes the set {@linkplain
 * TableSet#unknown() unknown}. Worker thread only.
 */
final class TableAnalysis {
    // OpenRead and friends: P2 holds the number of a register with the root page, not the page.
    private static final int OPFLAG_P2ISREG = 0x02;
    private static final Object[] NO_VALUES = new Object[0];

    private TableAnalysis() {
    }

    /**
     * The tables a statement reads.
     *
     * @param connection the connection the statement runs on
     * @param sql the statement
     * @return the tables
     */
    static TableSet reads(NativeConnection connection, String sql) {
        TableUse use = connection.tablesUsed(sql);
        return use != null ? resolve(connection, use.reads()) : explain(connection, sql, false);
    }

    /**
     * The tables a statement writes, triggers included.
     *
     * @param connection the connection the statement runs on
     * @param sql the statement
     * @return the tables
     */
    static TableSet writes(NativeConnection connection, String sql) {
        TableUse use = connection.tablesUsed(sql);
        return use != null ? resolve(connection, use.writes()) : explain(connection, sql, true);
    }

    /** One table, view or index of the schema: the table it stands for, and what it is. */
    private record SchemaEntry(String table, boolean virtual, boolean view) {
    }

    /** The schema of every database of the connection: by name, and by root page. */
    private static final class Schema {
        final Map<String, SchemaEntry> byKey = new HashMap<>();
        final Map<Long, String> schemaNames = new HashMap<>();
        final Map<String, SchemaEntry> byRoot = new HashMap<>();

        static Schema read(NativeConnection connection) {
            Schema schema = new Schema();
            query(connection, "PRAGMA database_list", row -> schema.schemaNames.put((Long) row[0], (String) row[1]));
            for (String name : schema.schemaNames.values()) {
                schema.byRoot.put(name + "#1", new SchemaEntry(TableSet.key(name, "sqlite_schema"), false, false));
                query(connection, "SELECT type, name, tbl_name, rootpage FROM \"" + name.replace("\"", "\"\"") + "\".sqlite_schema",
                        row -> schema.add(name, (String) row[0], (String) row[1], (String) row[2], (Long) row[3]));
            }
            return schema;
        }

        // Without a schema (the authorizer gives none for count(*)), as SQLite resolves an
        // unqualified name: temp first, then main, then the attached databases in order.
        SchemaEntry find(String schema, String name) {
            if (schema != null) {
                return byKey.get(TableSet.key(schema, name));
            }
            for (long seq : new long[] {1, 0}) {
                String s = schemaNames.get(seq);
                SchemaEntry entry = s == null ? null : byKey.get(TableSet.key(s, name));
                if (entry != null) {
                    return entry;
                }
            }
            return schemaNames.entrySet().stream().filter(e -> e.getKey() > 1).sorted(Map.Entry.comparingByKey())
                    .map(e -> byKey.get(TableSet.key(e.getValue(), name))).filter(java.util.Objects::nonNull)
                    .findFirst().orElse(null);
        }

        private void add(String schema, String type, String name, String table, Long rootPage) {
            long root = rootPage == null ? 0 : rootPage;
            // A virtual table is a "table" row with no b-tree of its own.
            SchemaEntry entry = new SchemaEntry(TableSet.key(schema, table), type.equals("table") && root == 0,
                    type.equals("view"));
            if (type.equals("table") || type.equals("view")) {
                byKey.put(TableSet.key(schema, name), entry);
            }
            if (root != 0) {
                byRoot.put(schema + "#" + root, entry);
            }
        }
    }

    private static TableSet resolve(NativeConnection connection, Set<TableUse.Table> tables) {
        if (tables.isEmpty()) {
            return TableSet.NONE;
        }
        Schema schema = Schema.read(connection);
        Set<String> keys = new HashSet<>();
        boolean unknown = false;
        for (TableUse.Table table : tables) {
            if (isSchemaTable(table.name())) {
                keys.add(TableSet.key(table.schema() == null ? "main" : table.schema(), "sqlite_schema"));
                continue;
            }
            SchemaEntry entry = schema.find(table.schema(), table.name());
            if (entry == null || entry.virtual()) {
                unknown = true;
            } else if (!entry.view()) {
                // A view's columns are reported too, besides those of the tables it reads.
                keys.add(entry.table());
            }
        }
        return new TableSet(Set.copyOf(keys), unknown);
    }

    private static boolean isSchemaTable(String name) {
        String lower = TableSet.key("", name).substring(1);
        return lower.equals("sqlite_schema") || lower.equals("sqlite_master") || lower.equals("sqlite_temp_schema")
                || lower.equals("sqlite_temp_master");
    }

    private static TableSet explain(NativeConnection connection, String sql, boolean writes) {
        Schema schema = Schema.read(connection);
        Set<String> keys = new HashSet<>();
        boolean[] unknown = {false};
        // EXPLAIN's columns: addr, opcode, p1, p2, p3, p4, p5, comment. OpenRead, ReopenIdx and
        // OpenWrite open root page P2 of database P3; Clear (DELETE without WHERE) empties root
        // page P1 of database P2.
        query(connection, "EXPLAIN " + sql, row -> {
            String opcode = (String) row[1];
            boolean clears = writes && opcode.equals("Clear");
            boolean opens = writes ? opcode.equals("OpenWrite")
                    : opcode.equals("OpenRead") || opcode.equals("ReopenIdx") || opcode.equals("OpenWrite");
            if (opcode.equals("VOpen")) {
                unknown[0] = true;
            } else if (opens || clears) {
                long p5 = row[6] instanceof Long ? (Long) row[6] : 0;
                String name = schema.schemaNames.get((Long) row[clears ? 3 : 4]);
                Object root = row[clears ? 2 : 3];
                SchemaEntry entry = name == null || (opens && (p5 & OPFLAG_P2ISREG) != 0) ? null : schema.byRoot.get(name + "#" + root);
                if (entry == null) {
                    unknown[0] = true;
                } else {
                    keys.add(entry.table());
                }
            }
        });
        return keys.isEmpty() && !unknown[0] ? TableSet.NONE : new TableSet(Set.copyOf(keys), unknown[0]);
    }

    // Runs a statement straight on the engine, outside the session's cache and change tracking.
    private static void query(NativeConnection connection, String sql, Consumer<Object[]> onRow) {
        NativeStatement statement = connection.prepare(sql);
        try {
            Object[] row = new Object[statement.columnCount()];
            for (boolean more = statement.bindAndStep(NO_VALUES); more; more = statement.step()) {
                statement.readRow(row, false);
                onRow.accept(row);
            }
        } finally {
            statement.close();
        }
    }
}
