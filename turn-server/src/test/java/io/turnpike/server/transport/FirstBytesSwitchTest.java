package io.turnpike.server.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** How the shared TLS port tells TURN from HTTP by the first bytes after the handshake. */
class FirstBytesSwitchTest {
    private static int classify(byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        int before = in.readerIndex();
        int result = FirstBytesSwitch.classify(in);
        assertEquals(before, in.readerIndex(), "classify only peeks");
        return result;
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void stunIsRecognisedByLeadingZeroBitsAndTheMagicCookie_rfc8489Section5() {
        assertEquals(FirstBytesSwitch.TURN, classify(hex("000100002112a442")), "Binding request header");
        assertEquals(FirstBytesSwitch.TURN, classify(hex("000300082112a442aabbccdd")), "Allocate, more bytes");
        assertEquals(FirstBytesSwitch.NEED_MORE, classify(hex("0001000021")), "cookie not read yet");
        assertEquals(FirstBytesSwitch.UNKNOWN, classify(hex("0001000012345678")), "leading 00 without the cookie");
    }

    @Test
    void httpIsRecognisedByARequestMethodAndSpace() {
        assertEquals(FirstBytesSwitch.HTTP, classify(ascii("GET /health HTTP/1.1\r\n")));
        assertEquals(FirstBytesSwitch.HTTP, classify(ascii("POST /v1/turn/keys")));
        assertEquals(FirstBytesSwitch.HTTP, classify(ascii("OPTIONS ")));
        assertEquals(FirstBytesSwitch.NEED_MORE, classify(ascii("PO")), "prefix of POST, PUT and PATCH");
        assertEquals(FirstBytesSwitch.NEED_MORE, classify(ascii("DELET")));
        assertEquals(FirstBytesSwitch.UNKNOWN, classify(ascii("GOT /")), "not a method");
        assertEquals(FirstBytesSwitch.UNKNOWN, classify(ascii("get /")), "methods are case-sensitive (RFC 9110 §9.1)");
    }

    @Test
    void channelDataCannotOpenAConnection_rfc8656Section12() {
        // 0x4000 channel, 4 bytes: no channel can be bound on a connection that has sent nothing yet.
        assertEquals(FirstBytesSwitch.UNKNOWN, classify(hex("4000000401020304")));
        assertEquals(FirstBytesSwitch.UNKNOWN, classify(hex("ff00")));
        assertEquals(FirstBytesSwitch.NEED_MORE, classify(new byte[0]));
    }
}
