package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.turnpike.protocol.DecodeError;
import java.nio.charset.StandardCharsets;

/** UTF-8 text values (USERNAME, REALM, NONCE, SOFTWARE, reason phrases, ALTERNATE-DOMAIN). */
final class Texts {
    /** RFC 8489 §14.3: USERNAME MUST be less than 513 bytes. */
    static final int MAX_USERNAME = 512;
    /** RFC 8489 §14.9, §14.10, §14.14: REALM, NONCE, SOFTWARE fewer than 128 characters / 763 bytes. */
    static final int MAX_TEXT = 763;

    private Texts() {
    }

    static String read(ByteBuf buf, int index, int length, int max) throws InvalidAttributeException {
        if (length > max) {
            throw new InvalidAttributeException(DecodeError.Kind.BAD_ATTRIBUTE_LENGTH, "text longer than " + max);
        }
        // Malformed UTF-8 becomes U+FFFD rather than an exception; such a username simply fails auth.
        return buf.toString(index, length, StandardCharsets.UTF_8);
    }

    static int length(String s) {
        return ByteBufUtil.utf8Bytes(s);
    }

    static void write(ByteBuf out, String s) {
        ByteBufUtil.writeUtf8(out, s);
    }

    static String requireWithin(String s, int max, String what) {
        if (s == null || length(s) > max) {
            throw new IllegalArgumentException(what + " must be non-null and at most " + max + " UTF-8 bytes");
        }
        return s;
    }
}
