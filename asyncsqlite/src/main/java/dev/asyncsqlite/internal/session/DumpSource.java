package dev.asyncsqlite.internal.session;

import dev.asyncsqlite.Row;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of {@code iterdump()}, produced a chunk at a time on the worker exactly as Python's
 * {@code sqlite3} writes them: {@code BEGIN TRANSACTION;}, each table's schema as written and an
 * {@code INSERT INTO "t" VALUES(...);} per row (SQLite's {@code quote()} renders the values),
 * then indexes, triggers and views, the {@code sqlite_sequence} rows, and {@code COMMIT;}.
 * Worker thread only.
 */
final class DumpSource {
    private static final String TABLES = "SELECT \"name\", \"type\", \"sql\" FROM \"sqlite_master\""
            + " WHERE \"sql\" NOT NULL AND \"type\" == 'table' ORDER BY \"name\"";
    private static final String OTHERS = "SELECT \"name\", \"type\", \"sql\" FROM \"sqlite_master\""
            + " WHERE \"sql\" NOT NULL AND \"type\" IN ('index', 'trigger', 'view')";

    private final Session session;
    private final ArrayDeque<String> ready = new ArrayDeque<>();
    private final List<String> sequence = new ArrayList<>();
    private List<Row> tables;
    private int nextTable;
    private Query rows;
    private boolean writableSchema;
    private boolean finished;

    DumpSource(Session session) {
        this.session = session;
    }

    /** Up to {@code max} further lines; fewer only at the end. */
    List<String> next(int max) {
        List<String> out = new ArrayList<>(Math.min(max, 256));
        while (out.size() < max) {
            String line = ready.poll();
            if (line != null) {
                out.add(line);
                continue;
            }
            if (rows != null) {
                int wanted = max - out.size();
                session.read(rows, wanted, row -> out.add(row.getString(0) + ";"));
                if (rows.isDone()) {
                    rows = null;
                }
                continue;
            }
            if (finished) {
                break;
            }
            advance();
        }
        return out;
    }

    void close() {
        session.close(rows);
        rows = null;
        finished = true;
        ready.clear();
    }

    private List<Row> all(String sql) {
        return session.all(session.parse(sql), new Object[0], null);
    }

    private void advance() {
        if (tables == null) {
            if (!all("PRAGMA foreign_key_check").isEmpty()) {
                ready.add("PRAGMA foreign_keys=OFF;");
            }
            ready.add("BEGIN TRANSACTION;");
            tables = all(TABLES);
            return;
        }
        if (nextTable < tables.size()) {
            table(tables.get(nextTable++));
            return;
        }
        for (Row other : all(OTHERS)) {
            ready.add(other.getString("sql") + ";");
        }
        if (writableSchema) {
            ready.add("PRAGMA writable_schema=OFF;");
        }
        for (String line : sequence) {
            ready.add(line + ";");
        }
        ready.add("COMMIT;");
        finished = true;
    }

    private void table(Row table) {
        String name = table.getString("name");
        String sql = table.getString("sql");
        if (name.equals("sqlite_sequence")) {
            sequence.add("DELETE FROM \"sqlite_sequence\"");
            for (Row seq : all("SELECT * FROM \"sqlite_sequence\";")) {
                sequence.add("INSERT INTO \"sqlite_sequence\" VALUES(" + quoteValue(seq.getString(0)) + "," + seq.get(1) + ")");
            }
            return;
        } else if (name.equals("sqlite_stat1")) {
            ready.add("ANALYZE \"sqlite_master\";");
        } else if (name.startsWith("sqlite_")) {
            return;
        } else if (sql.startsWith("CREATE VIRTUAL TABLE")) {
            if (!writableSchema) {
                writableSchema = true;
                ready.add("PRAGMA writable_schema=ON;");
            }
            ready.add("INSERT INTO sqlite_master(type,name,tbl_name,rootpage,sql)VALUES('table',"
                    + quoteValue(name) + "," + quoteValue(name) + ",0," + quoteValue(sql) + ");");
        } else {
            ready.add(sql + ";");
        }
        String ident = quoteName(name);
        StringBuilder select = new StringBuilder("SELECT 'INSERT INTO ").append(ident.replace("'", "''")).append(" VALUES('");
        boolean first = true;
        for (Row column : all("PRAGMA table_info(" + ident + ")")) {
            if (!first) {
                select.append("','");
            }
            first = false;
            select.append("||quote(").append(quoteName(column.getString("name"))).append(")||");
        }
        select.append("')' FROM ").append(ident).append(';');
        rows = session.start(session.parse(select.toString()), new Object[0], 0, null, false);
    }

    private static String quoteName(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String quoteValue(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
