/**
 * Spring support, found through {@code META-INF/spring.factories}: SQLite's bind markers for
 * Spring's {@code DatabaseClient} (when {@code spring-r2dbc} is on the class path) and the SQLite
 * dialect for Spring Data R2DBC (when Spring Data R2DBC is); and, through Spring Boot's
 * auto-configuration imports, the closer of the driver's factory behind Boot's connection factory
 * bean. Nothing here is loaded otherwise.
 */
package dev.asyncsqlite.r2dbc.spring;
