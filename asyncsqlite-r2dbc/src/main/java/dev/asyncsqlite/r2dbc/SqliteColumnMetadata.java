package dev.asyncsqlite.r2dbc;

import io.r2dbc.spi.ColumnMetadata;
import io.r2dbc.spi.Type;

/** A result column: its name, and SQLite's declared type as the native type metadata. */
final class SqliteColumnMetadata implements ColumnMetadata {
    private final String name;
    private final String declaredType;
    private final Type type;

    SqliteColumnMetadata(String name, String declaredType) {
        this.name = name;
        this.declaredType = declaredType;
        Class<?> javaType = Codecs.javaType(declaredType);
        String typeName = declaredType == null ? "" : declaredType;
        this.type = new Type() {
            @Override
            public Class<?> getJavaType() {
                return javaType;
            }

            @Override
            public String getName() {
                return typeName;
            }

            @Override
            public String toString() {
                return typeName.isEmpty() ? "(no declared type)" : typeName;
            }
        };
    }

    @Override
    public Class<?> getJavaType() {
        return type.getJavaType();
    }

    @Override
    public Type getType() {
        return type;
    }

    @Override
    public String getName() {
        return name;
    }

    /** The declared type of the column ({@code VARCHAR(100)}), or {@code null} for an expression. */
    @Override
    public Object getNativeTypeMetadata() {
        return declaredType;
    }

    @Override
    public String toString() {
        return name + " " + type;
    }
}
