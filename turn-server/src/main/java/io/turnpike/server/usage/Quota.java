package io.turnpike.server.usage;

/**
 * A monthly byte allowance for one API key.
 *
 * @param monthlyBytes relayed bytes allowed per calendar month (UTC); 0 = unlimited
 * @param warnAt fraction of {@code monthlyBytes} at which a warning is logged once (0 < warnAt <= 1)
 */
public record Quota(long monthlyBytes, double warnAt) {
    /** No limit. */
    public static final Quota UNLIMITED = new Quota(0, 0.8);

    /** Validates the numbers. */
    public Quota {
        if (monthlyBytes < 0) {
            throw new IllegalArgumentException("monthlyBytes < 0");
        }
        if (!(warnAt > 0 && warnAt <= 1)) {
            throw new IllegalArgumentException("warnAt must be in (0, 1]");
        }
    }

    /** Whether a limit applies. */
    public boolean limited() {
        return monthlyBytes > 0;
    }
}
