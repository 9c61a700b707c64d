package dev.asyncsqlite.r2dbc;

import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Result;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;

/** SQL texts without parameters, run in order; each statement gives one result. */
final class SqliteBatch implements Batch {
    private final SqliteConnection connection;
    private final List<ParsedSql> statements = new ArrayList<>();

    SqliteBatch(SqliteConnection connection) {
        this.connection = connection;
    }

    @Override
    public Batch add(String sql) {
        if (sql == null) {
            throw new IllegalArgumentException("sql must not be null");
        }
        ParsedSql parsed = ParsedSql.parse(sql);
        if (parsed.parameterCount() > 0) {
            throw new IllegalArgumentException("a batch takes statements without parameters; use a Statement to bind: " + sql);
        }
        statements.add(parsed);
        return this;
    }

    @Override
    public Flux<Result> execute() {
        List<ParsedSql> snapshot = List.copyOf(statements);
        return Flux.fromIterable(snapshot).concatMap(parsed -> new SqliteStatement(connection, parsed).execute());
    }
}
