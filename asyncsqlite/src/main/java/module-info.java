/**
 * asyncsqlite: asynchronous SQLite for Java. The API is {@code dev.asyncsqlite}; everything
 * under {@code dev.asyncsqlite.internal} is implementation and may change at any time.
 */
module dev.asyncsqlite {
    requires org.xerial.sqlitejdbc;
    requires java.sql;

    exports dev.asyncsqlite;
    // The engine boundary, for the engines shipped as their own modules (the native engine).
    exports dev.asyncsqlite.internal.engine to dev.asyncsqlite.nativeengine, dev.asyncsqlite.dqlite;
    // SQLite's own rules: the SQL lexer, for the R2DBC driver's parameters and multi-statement
    // texts and for the dqlite engine, which must know a query from a write before it sends
    // either; and, for the driver, how SQLite matches column names and reads time values.
    exports dev.asyncsqlite.internal.session to dev.asyncsqlite.r2dbc, dev.asyncsqlite.dqlite;

    uses dev.asyncsqlite.internal.engine.Engine;
}
