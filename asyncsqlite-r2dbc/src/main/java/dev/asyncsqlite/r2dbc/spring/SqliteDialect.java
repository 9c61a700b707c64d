package dev.asyncsqlite.r2dbc.spring;

import org.springframework.data.r2dbc.dialect.R2dbcDialect;
import org.springframework.data.relational.core.dialect.AbstractDialect;
import org.springframework.data.relational.core.dialect.LimitClause;
import org.springframework.data.relational.core.dialect.LockClause;
import org.springframework.data.relational.core.sql.IdentifierProcessing;
import org.springframework.data.relational.core.sql.LockOptions;
import org.springframework.r2dbc.core.binding.BindMarkersFactory;

/**
 * SQLite's dialect for Spring Data R2DBC: {@code ?1}, {@code ?2} bind markers,
 * {@code LIMIT}/{@code OFFSET} paging, double-quoted identifiers kept as written, and no row
 * locks (a SQLite transaction that writes holds the database's one write lock).
 */
public class SqliteDialect extends AbstractDialect implements R2dbcDialect {
    /** The dialect. */
    public static final SqliteDialect INSTANCE = new SqliteDialect();

    private static final IdentifierProcessing IDENTIFIERS = IdentifierProcessing.create(
            new IdentifierProcessing.Quoting("\""), IdentifierProcessing.LetterCasing.AS_IS);

    private static final LimitClause LIMIT = new LimitClause() {
        @Override
        public String getLimit(long limit) {
            return "LIMIT " + limit;
        }

        @Override
        public String getOffset(long offset) {
            // SQLite has no OFFSET without LIMIT; a negative limit means none.
            return "LIMIT -1 OFFSET " + offset;
        }

        @Override
        public String getLimitOffset(long limit, long offset) {
            return "LIMIT " + limit + " OFFSET " + offset;
        }

        @Override
        public Position getClausePosition() {
            return Position.AFTER_ORDER_BY;
        }
    };

    private static final LockClause NO_LOCK = new LockClause() {
        @Override
        public String getLock(LockOptions lockOptions) {
            return "";
        }

        @Override
        public Position getClausePosition() {
            return Position.AFTER_ORDER_BY;
        }
    };

    /** Use {@link #INSTANCE}; public for frameworks that instantiate dialects by class. */
    public SqliteDialect() {
    }

    @Override
    public BindMarkersFactory getBindMarkersFactory() {
        return SqliteBindMarkersFactoryProvider.BIND_MARKERS;
    }

    @Override
    public LimitClause limit() {
        return LIMIT;
    }

    @Override
    public LockClause lock() {
        return NO_LOCK;
    }

    @Override
    public IdentifierProcessing getIdentifierProcessing() {
        return IDENTIFIERS;
    }
}
