/**
 * Spring support, found through {@code META-INF/spring.factories}: SQLite's bind markers for
 * Spring's {@code DatabaseClient} (when {@code spring-r2dbc} is on the class path) and the SQLite
 * dialect for Spring Data R2DBC (when Spring Data R2DBC is). Nothing here is loaded otherwise.
 */
package dev.asyncsqlite.r2dbc.spring;
