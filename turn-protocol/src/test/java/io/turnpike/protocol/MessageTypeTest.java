package io.turnpike.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** RFC 8489 §5: method and class bits interleaved in the 14-bit type. */
class MessageTypeTest {

    @Test
    void knownTypesFromTheRfcs() {
        assertEquals(0x0001, MessageType.of(StunMethod.BINDING.code(), StunClass.REQUEST));
        assertEquals(0x0101, MessageType.of(StunMethod.BINDING.code(), StunClass.SUCCESS_RESPONSE));
        assertEquals(0x0111, MessageType.of(StunMethod.BINDING.code(), StunClass.ERROR_RESPONSE));
        assertEquals(0x0011, MessageType.of(StunMethod.BINDING.code(), StunClass.INDICATION));
        assertEquals(0x0003, MessageType.of(StunMethod.ALLOCATE.code(), StunClass.REQUEST));
        assertEquals(0x0113, MessageType.of(StunMethod.ALLOCATE.code(), StunClass.ERROR_RESPONSE));
        assertEquals(0x0016, MessageType.of(StunMethod.SEND.code(), StunClass.INDICATION));
        assertEquals(0x0017, MessageType.of(StunMethod.DATA.code(), StunClass.INDICATION));
        assertEquals(0x0109, MessageType.of(StunMethod.CHANNEL_BIND.code(), StunClass.SUCCESS_RESPONSE));
        assertEquals(0x001C, MessageType.of(StunMethod.CONNECTION_ATTEMPT.code(), StunClass.INDICATION));
    }

    @Test
    void everyMethodAndClassSurvivesInterleaving() {
        for (int method = 0; method < 0x1000; method++) {
            for (StunClass c : StunClass.values()) {
                int type = MessageType.of(method, c);
                assertEquals(0, type & 0xC000);
                assertEquals(method, MessageType.methodCode(type));
                assertEquals(c, MessageType.messageClass(type));
            }
        }
    }

    @Test
    void methodLookup() {
        for (StunMethod m : StunMethod.values()) {
            assertEquals(m, StunMethod.fromCode(m.code()));
        }
        assertNull(StunMethod.fromCode(0x002));
        assertNull(StunMethod.fromCode(0xFFF));
        assertNull(StunMethod.fromCode(-1));
    }

    @Test
    void transactionIdBytesRoundTrip() {
        byte[] b = {(byte) 0xb7, (byte) 0xe7, (byte) 0xa7, 1, (byte) 0xbc, 0x34, (byte) 0xd6, (byte) 0x86,
            (byte) 0xfa, (byte) 0x87, (byte) 0xdf, (byte) 0xae};
        TransactionId id = TransactionId.of(b);
        assertEquals(id, TransactionId.of(id.high(), id.low()));
        assertEquals("b7e7a701bc34d686fa87dfae", id.toString());
        org.junit.jupiter.api.Assertions.assertArrayEquals(b, id.toBytes());
    }

    @Test
    void errorCodesCarryTheirAttribute() {
        for (StunErrorCode e : StunErrorCode.values()) {
            assertEquals(e, StunErrorCode.fromCode(e.code()));
            assertEquals(e.code(), e.attribute().code());
            assertEquals(e.reason(), e.attribute().reason());
        }
        assertEquals(420, StunErrorCode.UNKNOWN_ATTRIBUTE.code());
        assertNull(StunErrorCode.fromCode(499));
    }
}
