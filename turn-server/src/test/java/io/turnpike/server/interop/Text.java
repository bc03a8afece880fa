package io.turnpike.server.interop;

/** Small text helpers for failure messages. */
final class Text {
    private Text() {
    }

    /** The last {@code lines} lines of {@code text}, prefixed with a marker when cut. */
    static String tail(String text, int lines) {
        if (text.isEmpty()) {
            return text; // a tool that timed out may have printed nothing
        }
        int at = text.length();
        for (int i = 0; i < lines && at > 0; i++) {
            at = text.lastIndexOf('\n', at - 1);
            if (at < 0) {
                return text;
            }
        }
        if (at <= 0) {
            return text;
        }
        return "[... " + at + " characters before]\n" + text.substring(at + 1);
    }
}
