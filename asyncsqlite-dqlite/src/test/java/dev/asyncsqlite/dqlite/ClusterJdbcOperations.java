package dev.asyncsqlite.dqlite;

import dev.asyncsqlite.Connection;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.PreparedStatementCallback;

/**
 * The two {@link JdbcOperations} calls the R2DBC TCK makes for its fixtures, on the cluster
 * through an asyncsqlite connection: there is no JDBC driver for dqlite. {@code execute(sql)}
 * runs a statement; {@code execute(sql, callback)} hands the callback a prepared statement that
 * records what is bound and runs on {@code executeUpdate()}. Anything else fails loudly. The
 * R2DBC module's tests keep the same adapter (AsyncsqliteJdbcOperations), which says why it is
 * not shared.
 */
final class ClusterJdbcOperations {
    private ClusterJdbcOperations() {
    }

    static JdbcOperations over(Connection connection) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("execute") && args.length == 1 && args[0] instanceof String) {
                run(connection, (String) args[0], List.of());
                return null;
            }
            if (method.getName().equals("execute") && args.length == 2 && args[1] instanceof PreparedStatementCallback) {
                return ((PreparedStatementCallback<?>) args[1]).doInPreparedStatement(statement(connection, (String) args[0]));
            }
            throw new UnsupportedOperationException("not needed by the TCK: JdbcOperations." + method.getName());
        };
        return (JdbcOperations) Proxy.newProxyInstance(JdbcOperations.class.getClassLoader(),
                new Class<?>[] {JdbcOperations.class}, handler);
    }

    private static PreparedStatement statement(Connection connection, String sql) {
        List<Object> values = new ArrayList<>();
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "setBytes":
                case "setString":
                case "setObject":
                case "setLong":
                case "setInt": {
                    int index = (Integer) args[0];
                    while (values.size() < index) {
                        values.add(null);
                    }
                    values.set(index - 1, args[1]);
                    return null;
                }
                case "executeUpdate":
                    run(connection, sql, values);
                    return 1;
                case "close":
                    return null;
                default:
                    throw new UnsupportedOperationException("not needed by the TCK: PreparedStatement." + method.getName());
            }
        };
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, handler);
    }

    private static void run(Connection connection, String sql, List<Object> values) {
        try {
            connection.execute(sql, values.toArray()).get(60, TimeUnit.SECONDS).closeAsync();
        } catch (Exception e) {
            throw new IllegalStateException("fixture statement failed on the cluster: " + sql, e);
        }
    }

}
