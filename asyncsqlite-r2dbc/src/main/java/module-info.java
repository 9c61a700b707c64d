/**
 * The R2DBC driver for SQLite over asyncsqlite: {@code r2dbc:sqlite:} URLs, found by
 * {@code io.r2dbc.spi.ConnectionFactories} through the service below; the Spring Data R2DBC
 * dialect when Spring Data is present.
 */
module dev.asyncsqlite.r2dbc {
    requires transitive dev.asyncsqlite;
    requires transitive r2dbc.spi;
    requires org.reactivestreams;
    requires reactor.core;
    requires static spring.data.r2dbc;
    requires static spring.data.relational;
    requires static spring.r2dbc;
    requires static spring.beans;
    requires static spring.context;

    exports dev.asyncsqlite.r2dbc;
    exports dev.asyncsqlite.r2dbc.spring;

    provides io.r2dbc.spi.ConnectionFactoryProvider with dev.asyncsqlite.r2dbc.SqliteConnectionFactoryProvider,
            dev.asyncsqlite.r2dbc.DqliteConnectionFactoryProvider;
}
