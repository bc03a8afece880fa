package io.turnpike.protocol;

import java.text.Normalizer;

/**
 * String preparation for STUN credentials. Both methods implement only the mapping and normalisation
 * steps; they do not reject prohibited code points (a bad credential simply fails to match).
 */
public final class StringPrep {
    private StringPrep() {
    }

    /**
     * PRECIS OpaqueString (RFC 8265 §4.2.2), as RFC 8489 §9.2.2 requires for realm and password: map
     * non-ASCII spaces to U+0020, then Unicode NFC.
     */
    public static String opaqueString(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c != ' ' && Character.isSpaceChar(c) ? ' ' : c);
        }
        return Normalizer.normalize(b, Normalizer.Form.NFC);
    }

    /**
     * SASLprep (RFC 4013), as RFC 5389 used: remove "commonly mapped to nothing" characters (RFC 3454
     * table B.1), map non-ASCII spaces (C.1.2) to U+0020, then NFKC. Turns RFC 5769 §2.4's
     * "The&lt;U+00AD&gt;M&lt;U+00AA&gt;tr&lt;U+2168&gt;" into "TheMatrIX".
     */
    public static String saslPrep(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (mappedToNothing(c)) {
                continue;
            }
            b.append(c != ' ' && Character.isSpaceChar(c) ? ' ' : c);
        }
        return Normalizer.normalize(b, Normalizer.Form.NFKC);
    }

    /** RFC 3454 table B.1. */
    private static boolean mappedToNothing(char c) {
        return c == '\u00AD' || c == '\u034F' || c == '\u1806' || c == '\u180B' || c == '\u180C'
                || c == '\u180D' || c == '\u200B' || c == '\u200C' || c == '\u200D' || c == '\u2060'
                || (c >= '\uFE00' && c <= '\uFE0F') || c == '\uFEFF';
    }
}
