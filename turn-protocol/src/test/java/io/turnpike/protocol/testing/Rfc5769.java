package io.turnpike.protocol.testing;

import io.netty.buffer.ByteBufUtil;

/**
 * The RFC 5769 test vectors as bytes (copied from the RFC's hex dumps), shared with turn-server's tests.
 * Each accessor returns a fresh array.
 */
public final class Rfc5769 {
    /** Short-term password of §2.1–2.3. */
    public static final String PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";
    /** §2.4 username: six katakana characters. */
    public static final String LONG_TERM_USERNAME = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
    /** §2.4 password before SASLprep. */
    public static final String LONG_TERM_PASSWORD_RAW = "The\u00ADM\u00AAtr\u2168";
    /** §2.4 password after SASLprep. */
    public static final String LONG_TERM_PASSWORD = "TheMatrIX";
    /** §2.4 nonce. */
    public static final String NONCE = "f//499k954d6OL34oL9FSTvy64sA";
    /** §2.4 realm. */
    public static final String REALM = "example.org";

    private Rfc5769() {
    }

    /** §2.1 Sample Request (SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME, MESSAGE-INTEGRITY, FINGERPRINT). */
    public static byte[] request() {
        return hex("000100582112a442b7e7a701bc34d686fa87dfae802200105354554e207465737420636c69656e74"
                + "002400046e0001ff80290008932ff9b151263b36000600096576746a3a68367659202020"
                + "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a280280004e57a3bcf");
    }

    /** §2.2 Sample IPv4 Response (192.0.2.1:32853). */
    public static byte[] ipv4Response() {
        return hex("0101003c2112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220"
                + "002000080001a147e112a643000800142b91f599fd9e90c38c7489f92af9ba53f06be7d7"
                + "80280004c07d4c96");
    }

    /** §2.3 Sample IPv6 Response ([2001:db8:1234:5678:11:2233:4455:6677]:32853). */
    public static byte[] ipv6Response() {
        return hex("010100482112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220"
                + "002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d900080014a382954e4be67bf1"
                + "1784c97c8292c275bfe3ed4180280004c8fb0b4c");
    }

    /** §2.4 Sample Request with Long-Term Authentication (nul padding, no FINGERPRINT). */
    public static byte[] longTermRequest() {
        return hex("000100602112a44278ad3433c6ad72c029da412e00060012e3839ee38388e383aae38383e382af"
                + "e382b900000015001c662f2f3439396b39353464364f4c33346f4c394653547679363473410014000b"
                + "6578616d706c652e6f72670000080014f67024656dd64a3e02b8e0712e85c9a28ca89666");
    }

    /** Decodes a hex string. */
    public static byte[] hex(String hex) {
        return ByteBufUtil.decodeHexDump(hex);
    }
}
