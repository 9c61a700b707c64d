/**
 * The R2DBC driver for SQLite: {@code r2dbc:sqlite:} URLs, served by
 * {@link dev.asyncsqlite.r2dbc.SqliteConnectionFactoryProvider} over an asyncsqlite pool.
 * Everything else in this package is implementation, reached through the R2DBC SPI's interfaces.
 */
package dev.asyncsqlite.r2dbc;
