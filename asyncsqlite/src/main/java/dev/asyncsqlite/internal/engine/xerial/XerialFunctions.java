package dev.asyncsqlite.internal.engine.xerial;

import dev.asyncsqlite.SqlFunction;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.Supplier;
import org.sqlite.Function;
import org.sqlite.core.DB;

/**
 * sqlite-jdbc's function classes around asyncsqlite's callbacks. Arguments are read through
 * {@code DB}'s public {@code value_*} calls; results go through the protected {@code result}
 * calls, which only subclasses can reach, hence one small {@link Results} bridge per class.
 *
 * <p>sqlite-jdbc can only remove functions registered for any number of arguments, so each name
 * is registered once that way and its variants are chosen here by the number of arguments,
 * reporting SQLite's own "wrong number of arguments" error when none fits.
 */
final class XerialFunctions {
    private static final int INTEGER = 1;
    private static final int FLOAT = 2;
    private static final int TEXT = 3;
    private static final int BLOB = 4;

    private XerialFunctions() {
    }

    /** The protected result calls of one function object. */
    interface Results {
        void nothing() throws SQLException;

        void integer(long value) throws SQLException;

        void real(double value) throws SQLException;

        void text(String value) throws SQLException;

        void blob(byte[] value) throws SQLException;

        void fail(String message) throws SQLException;

        int count() throws SQLException;
    }

    static Object[] arguments(DB db, Function f, Results results) throws SQLException {
        int n = results.count();
        Object[] args = new Object[n];
        for (int i = 0; i < n; i++) {
            switch (db.value_type(f, i)) {
                case INTEGER:
                    args[i] = db.value_long(f, i);
                    break;
                case FLOAT:
                    args[i] = db.value_double(f, i);
                    break;
                case TEXT:
                    args[i] = db.value_text(f, i);
                    break;
                case BLOB:
                    byte[] b = db.value_blob(f, i);
                    args[i] = b == null ? new byte[0] : b;
                    break;
                default:
                    args[i] = null;
                    break;
            }
        }
        return args;
    }

    static void deliver(Object value, Results results) throws SQLException {
        if (value == null) {
            results.nothing();
        } else if (value instanceof Long) {
            results.integer((Long) value);
        } else if (value instanceof Double) {
            results.real((Double) value);
        } else if (value instanceof String) {
            results.text((String) value);
        } else if (value instanceof byte[]) {
            results.blob((byte[]) value);
        } else {
            results.fail("a function returned an unsupported " + value.getClass().getName());
        }
    }

    static <V> V variant(Map<Integer, V> variants, int count, String name) {
        V v = variants.get(count);
        if (v == null) {
            v = variants.get(-1);
        }
        if (v == null) {
            throw new IllegalArgumentException("wrong number of arguments to function " + name + "()");
        }
        return v;
    }

    static String message(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** A scalar function. */
    static final class Scalar extends Function implements Results {
        private final DB db;
        private final String name;
        private final Map<Integer, SqlFunction> variants;

        Scalar(DB db, String name, Map<Integer, SqlFunction> variants) {
            this.db = db;
            this.name = name;
            this.variants = variants;
        }

        @Override
        protected void xFunc() throws SQLException {
            try {
                Object[] args = arguments(db, this, this);
                deliver(variant(variants, args.length, name).apply(args), this);
            } catch (IllegalArgumentException e) {
                error(e.getMessage());
            } catch (Throwable t) {
                error(message(t));
            }
        }

        @Override
        public void nothing() throws SQLException {
            result();
        }

        @Override
        public void integer(long value) throws SQLException {
            result(value);
        }

        @Override
        public void real(double value) throws SQLException {
            result(value);
        }

        @Override
        public void text(String value) throws SQLException {
            result(value);
        }

        @Override
        public void blob(byte[] value) throws SQLException {
            result(value);
        }

        @Override
        public void fail(String message) throws SQLException {
            error(message);
        }

        @Override
        public int count() throws SQLException {
            return args();
        }
    }

    /** An aggregate: sqlite-jdbc clones the registered object for each group. */
    static final class AggregateFunction extends Function.Aggregate implements Results {
        private final DB db;
        private final String name;
        private final Map<Integer, Supplier<? extends dev.asyncsqlite.Aggregate>> variants;
        // Set on the shallow copy sqlite-jdbc makes for each group (a clone keeps the connection
        // fields sqlite-jdbc's Function needs), at the group's first row.
        private dev.asyncsqlite.Aggregate state;
        private Throwable broken;

        AggregateFunction(DB db, String name, Map<Integer, Supplier<? extends dev.asyncsqlite.Aggregate>> variants) {
            this.db = db;
            this.name = name;
            this.variants = variants;
        }

        private boolean ready(Supplier<? extends dev.asyncsqlite.Aggregate> factory) {
            if (state == null && broken == null) {
                try {
                    state = java.util.Objects.requireNonNull(factory.get(), "the aggregate factory returned null");
                } catch (Throwable t) {
                    broken = t;
                }
            }
            return broken == null;
        }

        @Override
        protected void xStep() throws SQLException {
            try {
                Object[] args = arguments(db, this, this);
                if (ready(variant(variants, args.length, name))) {
                    state.step(args);
                }
            } catch (IllegalArgumentException e) {
                error(e.getMessage());
            } catch (Throwable t) {
                error(message(t));
            }
        }

        @Override
        protected void xFinal() throws SQLException {
            finalValue(state, broken, this);
        }

        @Override
        public void nothing() throws SQLException {
            result();
        }

        @Override
        public void integer(long value) throws SQLException {
            result(value);
        }

        @Override
        public void real(double value) throws SQLException {
            result(value);
        }

        @Override
        public void text(String value) throws SQLException {
            result(value);
        }

        @Override
        public void blob(byte[] value) throws SQLException {
            result(value);
        }

        @Override
        public void fail(String message) throws SQLException {
            error(message);
        }

        @Override
        public int count() throws SQLException {
            return args();
        }
    }

    // A group that received no row has no state: its value is NULL, as sqlite3 gives, and no
    // state is made for it.
    static void finalValue(dev.asyncsqlite.Aggregate state, Throwable broken, Results results) throws SQLException {
        if (broken != null) {
            results.fail(message(broken));
        } else if (state == null) {
            results.nothing();
        } else {
            try {
                deliver(state.finish(), results);
            } catch (Throwable t) {
                results.fail(message(t));
            }
        }
    }

}
