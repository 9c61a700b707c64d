package dev.asyncsqlite.r2dbc;

import dev.asyncsqlite.internal.session.SqlText;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;

/**
 * A statement: SQL text of one or more statements, its parameter bindings (several sets with
 * {@link #add()}), the rows to read per hop, and the columns to return from a change.
 */
final class SqliteStatement implements Statement {
    private static final Object UNSET = new Object();
    private static final Pattern SIMPLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final SqliteConnection connection;
    private final ParsedSql parsed;
    private final List<Object[]> bindings = new ArrayList<>();
    private Object[] current;
    private int fetchSize;
    private String returning;

    SqliteStatement(SqliteConnection connection, ParsedSql parsed) {
        this.connection = connection;
        this.parsed = parsed;
        this.current = fresh();
    }

    private Object[] fresh() {
        Object[] values = new Object[parsed.parameterCount()];
        Arrays.fill(values, UNSET);
        return values;
    }

    @Override
    public Statement add() {
        requireComplete("add()");
        bindings.add(current);
        current = fresh();
        return this;
    }

    @Override
    public Statement bind(int index, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("value must not be null: use bindNull(" + index + ", type)");
        }
        current[checkIndex(index)] = Codecs.encode(value);
        return this;
    }

    @Override
    public Statement bind(String name, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("value must not be null: use bindNull(\"" + name + "\", type)");
        }
        Object encoded = Codecs.encode(value);
        for (int i : positions(name)) {
            current[i] = encoded;
        }
        return this;
    }

    @Override
    public Statement bindNull(int index, Class<?> type) {
        if (type == null) {
            throw new IllegalArgumentException("type must not be null");
        }
        current[checkIndex(index)] = null;
        return this;
    }

    @Override
    public Statement bindNull(String name, Class<?> type) {
        if (type == null) {
            throw new IllegalArgumentException("type must not be null");
        }
        for (int i : positions(name)) {
            current[i] = null;
        }
        return this;
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= current.length) {
            throw new IndexOutOfBoundsException("parameter index " + index + " is out of range: the statement has "
                    + current.length + " parameters (indexes start at 0): " + parsed.sql());
        }
        return index;
    }

    private List<Integer> positions(String name) {
        if (name == null) {
            throw new IllegalArgumentException("name must not be null");
        }
        List<Integer> positions = parsed.positionsOf(name);
        if (positions.isEmpty()) {
            throw new NoSuchElementException("the statement has no parameter named " + name + ": " + parsed.sql());
        }
        return positions;
    }

    private void requireComplete(String action) {
        for (int i = 0; i < current.length; i++) {
            if (current[i] == UNSET) {
                throw new IllegalStateException("parameter " + i + " is not bound; bind every parameter before " + action
                        + ": " + parsed.sql());
            }
        }
    }

    @Override
    public Statement returnGeneratedValues(String... columns) {
        if (columns == null) {
            throw new IllegalArgumentException("columns must not be null");
        }
        StringBuilder list = new StringBuilder();
        for (String column : columns) {
            if (column == null || column.isBlank()) {
                throw new IllegalArgumentException("a column name must not be null or blank");
            }
            if (list.length() > 0) {
                list.append(", ");
            }
            list.append(SIMPLE_NAME.matcher(column).matches() ? "\"" + column + "\"" : column);
        }
        returning = columns.length == 0 ? "*" : list.toString();
        return this;
    }

    @Override
    public Statement fetchSize(int rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("fetch size must not be negative: " + rows);
        }
        fetchSize = rows;
        return this;
    }

    /**
     * Runs the statement once per binding set; each statement of the text gives one result.
     *
     * @throws IllegalStateException if a parameter is not bound
     */
    @Override
    public Flux<Result> execute() {
        if (parsed.parameterCount() > 0 || !bindings.isEmpty()) {
            requireComplete("execute()");
        }
        List<Object[]> sets = new ArrayList<>(bindings);
        sets.add(current);
        List<Run> runs = new ArrayList<>();
        for (ParsedSql.Part part : parsed.parts()) {
            runs.add(new Run(part, withReturning(part.text)));
        }
        int rowsPerHop = fetchSize;
        return Flux.fromIterable(sets).concatMap(values -> Flux.fromIterable(runs)
                .concatMap(run -> connection.run(run.sql, run.text.isReadOnlyQuery(), run.text.isDml(), slice(values, run.part), rowsPerHop)));
    }

    private String withReturning(SqlText text) {
        String sql = text.sql();
        if (returning == null || !text.isDml()) {
            return sql;
        }
        String trimmed = sql.strip();
        while (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
        }
        return trimmed + " RETURNING " + returning;
    }

    private static Object[] slice(Object[] values, ParsedSql.Part part) {
        return Arrays.copyOfRange(values, part.offset, part.offset + part.parameterCount());
    }

    /** One statement of the text, as it will run. */
    private static final class Run {
        final ParsedSql.Part part;
        final SqlText text;
        final String sql;

        Run(ParsedSql.Part part, String sql) {
            this.part = part;
            this.text = part.text;
            this.sql = sql;
        }
    }

    @Override
    public String toString() {
        return "SqliteStatement{" + parsed.sql() + "}";
    }
}
