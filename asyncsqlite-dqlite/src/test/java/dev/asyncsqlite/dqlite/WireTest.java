package dev.asyncsqlite.dqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** dqlite's encoding, byte by byte, without a cluster. */
class WireTest {

    @Test
    void aMessageHasItsBodySizeInWordsTypeAndSchemaInTheHeader() {
        ByteBuffer m = new Wire.Out().uint64(7).text("abc").message(Wire.REQUEST_OPEN, 1).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(m.remaining()).isEqualTo(8 + 16);
        assertThat(m.getInt(0)).isEqualTo(2);
        assertThat(m.get(4)).isEqualTo((byte) Wire.REQUEST_OPEN);
        assertThat(m.get(5)).isEqualTo((byte) 1);
        assertThat(m.getLong(8)).isEqualTo(7);
        assertThat(new String(m.array(), 16, 3)).isEqualTo("abc");
        assertThat(m.get(19)).isZero();
    }

    @Test
    void textIsZeroTerminatedAndPaddedToAWord() {
        assertThat(new Wire.Out().text("").message(0, 0).remaining()).isEqualTo(16);
        assertThat(new Wire.Out().text("1234567").message(0, 0).remaining()).isEqualTo(16);
        assertThat(new Wire.Out().text("12345678").message(0, 0).remaining()).isEqualTo(24);
    }

    @Test
    void parametersCarryACountAndATypeByteEachThenTheValues() {
        ByteBuffer m = new Wire.Out().params(new Object[] {1L, 2.5, "x", new byte[] {9}, null}).message(0, 0)
                .order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer body = m.position(8).slice().order(ByteOrder.LITTLE_ENDIAN);
        assertThat(body.get(0)).isEqualTo((byte) 5);
        assertThat(new byte[] {body.get(1), body.get(2), body.get(3), body.get(4), body.get(5)})
                .containsExactly(Wire.INTEGER, Wire.FLOAT, Wire.TEXT, Wire.BLOB, Wire.NULL);
        assertThat(body.getLong(8)).isEqualTo(1L);
        assertThat(Double.longBitsToDouble(body.getLong(16))).isEqualTo(2.5);
        assertThat(body.get(24)).isEqualTo((byte) 'x');
        assertThat(body.getLong(32)).isEqualTo(1L);
        assertThat(body.get(40)).isEqualTo((byte) 9);
        assertThat(body.getLong(48)).isZero();
        assertThat(body.remaining()).isEqualTo(56);
        assertThat(new Wire.Out().params(new Object[0]).message(0, 0).remaining()).as("no tuple without parameters").isEqualTo(8);
        assertThatThrownBy(() -> new Wire.Out().params(new Object[256])).hasMessageContaining("255");
    }

    @Test
    void aRowHasFourBitTypesThenItsValues() {
        ByteBuffer body = ByteBuffer.allocate(8 + 8 + 8 + 8 + 16).order(ByteOrder.LITTLE_ENDIAN);
        body.put((byte) (Wire.INTEGER | Wire.TEXT << 4)).put((byte) (Wire.NULL | Wire.BLOB << 4));
        body.position(8);
        body.putLong(-5);
        body.put("hi".getBytes()).put(new byte[6]);
        body.putLong(0);
        body.putLong(3).put(new byte[] {1, 2, 3}).put(new byte[5]);
        Object[] row = new Wire.In(Wire.RESPONSE_ROWS, body.flip()).row(4, false);
        assertThat(row).containsExactly(-5L, "hi", null, new byte[] {1, 2, 3});
    }
}
