/**
 * Spring Data R2DBC support: the SQLite dialect, found through {@code META-INF/spring.factories}
 * when Spring Data R2DBC is on the class path. Nothing here is loaded otherwise.
 */
package dev.asyncsqlite.r2dbc.spring;
