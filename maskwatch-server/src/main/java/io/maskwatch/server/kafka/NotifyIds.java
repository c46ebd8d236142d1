package io.maskwatch.server.kafka;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The value on the notify topic, as the seed wrote it: the alert id as an unsigned 64-bit
 * little-endian integer (Go's {@code binary.Write(buf, binary.LittleEndian, uint64(id))}).
 */
public final class NotifyIds {
    private NotifyIds() {}

    public static byte[] encode(long alertId) {
        return ByteBuffer.allocate(Long.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(alertId)
                .array();
    }

    /** The id, or an {@link IllegalArgumentException} naming what is wrong with the bytes. */
    public static long decode(byte[] value) {
        if (value == null || value.length != Long.BYTES) {
            throw new IllegalArgumentException("expected an alert id as 8 bytes (unsigned 64-bit little-endian), got "
                    + (value == null ? "no value" : value.length + " bytes"));
        }
        long id = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (id <= 0) {
            throw new IllegalArgumentException("alert id " + Long.toUnsignedString(id) + " is out of range");
        }
        return id;
    }
}
