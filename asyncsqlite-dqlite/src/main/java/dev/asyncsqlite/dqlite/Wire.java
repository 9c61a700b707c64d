package dev.asyncsqlite.dqlite;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The encoding of dqlite's wire protocol, version 1: little-endian 64-bit words, zero-terminated
 * text padded to a word, tuples of typed values. {@link Out} builds a request body, {@link In}
 * reads a response body.
 */
final class Wire {
    static final long PROTOCOL_VERSION = 1;

    // Request types.
    static final int REQUEST_LEADER = 0;
    static final int REQUEST_OPEN = 3;
    static final int REQUEST_PREPARE = 4;
    static final int REQUEST_EXEC = 5;
    static final int REQUEST_QUERY = 6;
    static final int REQUEST_FINALIZE = 7;
    static final int REQUEST_EXEC_SQL = 8;
    static final int REQUEST_CLUSTER = 16;

    // Response types.
    static final int RESPONSE_FAILURE = 0;
    static final int RESPONSE_SERVER = 1;
    static final int RESPONSE_SERVERS = 3;
    static final int RESPONSE_DB = 4;
    static final int RESPONSE_STMT = 5;
    static final int RESPONSE_RESULT = 6;
    static final int RESPONSE_ROWS = 7;
    static final int RESPONSE_EMPTY = 8;

    // Value types of tuples.
    static final int INTEGER = 1;
    static final int FLOAT = 2;
    static final int TEXT = 3;
    static final int BLOB = 4;
    static final int NULL = 5;
    static final int UNIXTIME = 9;
    static final int ISO8601 = 10;
    static final int BOOLEAN = 11;

    /** The end marker of a batch of rows after which more batches follow. */
    static final long ROWS_PART = 0xeeeeeeeeeeeeeeeeL;
    /** The end marker of the last batch of rows. */
    static final long ROWS_DONE = 0xffffffffffffffffL;

    private Wire() {
    }

    static int padded(int bytes) {
        return (bytes + 7) & ~7;
    }

    /** A request body under construction. */
    static final class Out {
        private ByteBuffer buffer = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);

        private void room(int bytes) {
            if (buffer.remaining() < bytes) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes))
                        .order(ByteOrder.LITTLE_ENDIAN);
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
        }

        Out uint64(long value) {
            room(8);
            buffer.putLong(value);
            return this;
        }

        Out uint32(int value) {
            room(4);
            buffer.putInt(value);
            return this;
        }

        Out text(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            int size = padded(bytes.length + 1);
            room(size);
            buffer.put(bytes);
            buffer.put(new byte[size - bytes.length]);
            return this;
        }

        /**
         * Parameters, as a tuple of the first schema: a count byte and a type byte per value,
         * padded to a word, then the values. Nothing at all when there are none.
         *
         * @throws IllegalArgumentException for more than 255 values or a type SQLite cannot store
         */
        Out params(Object[] values) {
            if (values.length == 0) {
                return this;
            }
            if (values.length > 255) {
                throw new IllegalArgumentException("the dqlite engine binds at most 255 parameters, not " + values.length);
            }
            int header = padded(1 + values.length);
            room(header);
            int start = buffer.position();
            buffer.put((byte) values.length);
            for (Object v : values) {
                buffer.put((byte) typeOf(v));
            }
            buffer.position(start + header);
            for (Object v : values) {
                if (v == null) {
                    uint64(0);
                } else if (v instanceof Long) {
                    uint64((Long) v);
                } else if (v instanceof Double) {
                    uint64(Double.doubleToRawLongBits((Double) v));
                } else if (v instanceof String) {
                    text((String) v);
                } else {
                    byte[] bytes = (byte[]) v;
                    uint64(bytes.length);
                    int size = padded(bytes.length);
                    room(size);
                    buffer.put(bytes);
                    buffer.put(new byte[size - bytes.length]);
                }
            }
            return this;
        }

        private static int typeOf(Object v) {
            if (v == null) {
                return NULL;
            }
            if (v instanceof Long) {
                return INTEGER;
            }
            if (v instanceof Double) {
                return FLOAT;
            }
            if (v instanceof String) {
                return TEXT;
            }
            if (v instanceof byte[]) {
                return BLOB;
            }
            throw new IllegalArgumentException("not an SQLite value: " + v.getClass().getName());
        }

        /** The whole message: the header word, then the body. */
        ByteBuffer message(int type, int schema) {
            int body = buffer.position();
            ByteBuffer message = ByteBuffer.allocate(8 + body).order(ByteOrder.LITTLE_ENDIAN);
            message.putInt(body / 8).put((byte) type).put((byte) schema).putShort((short) 0);
            message.put(buffer.array(), 0, body);
            return message.flip();
        }
    }

    /** A response body being read. */
    static final class In {
        final int type;
        private final ByteBuffer body;

        In(int type, ByteBuffer body) {
            this.type = type;
            this.body = body.order(ByteOrder.LITTLE_ENDIAN);
        }

        long uint64() {
            return body.getLong();
        }

        int uint32() {
            return body.getInt();
        }

        long peek64() {
            return body.getLong(body.position());
        }

        String text() {
            int start = body.position();
            int end = start;
            while (body.get(end) != 0) {
                end++;
            }
            String value = new String(body.array(), body.arrayOffset() + start, end - start, StandardCharsets.UTF_8);
            body.position(start + padded(end - start + 1));
            return value;
        }

        /** One row of {@code columns} values: 4-bit type codes, padded to a word, then values. */
        Object[] row(int columns, boolean textAsBytes) {
            int header = padded((columns + 1) / 2);
            int start = body.position();
            int[] types = new int[columns];
            for (int i = 0; i < columns; i++) {
                int b = body.get(start + i / 2) & 0xff;
                types[i] = i % 2 == 0 ? b & 0x0f : b >>> 4;
            }
            body.position(start + header);
            Object[] values = new Object[columns];
            for (int i = 0; i < columns; i++) {
                values[i] = value(types[i], textAsBytes);
            }
            return values;
        }

        private Object value(int type, boolean textAsBytes) {
            switch (type) {
                case INTEGER:
                case UNIXTIME:
                    return body.getLong();
                case BOOLEAN:
                    return body.getLong() != 0 ? 1L : 0L;
                case FLOAT:
                    return Double.longBitsToDouble(body.getLong());
                case TEXT:
                case ISO8601: {
                    String s = text();
                    return textAsBytes ? s.getBytes(StandardCharsets.UTF_8) : s;
                }
                case BLOB: {
                    int length = Math.toIntExact(body.getLong());
                    byte[] bytes = Arrays.copyOfRange(body.array(), body.arrayOffset() + body.position(),
                            body.arrayOffset() + body.position() + length);
                    body.position(body.position() + padded(length));
                    return bytes;
                }
                case NULL:
                    body.getLong();
                    return null;
                default:
                    throw new IllegalStateException("dqlite sent a value of unknown type " + type);
            }
        }
    }
}
