package io.turnpike.server.http;

/**
 * The TURN engine's drain mode as the admin API sees it: while draining, new Allocate requests are
 * redirected to alternate servers (300 Try Alternate) or refused (508), and live allocations stay.
 */
public interface DrainSwitch {
    /** Whether the engine is draining. */
    boolean draining();

    /** Starts ({@code true}) or ends draining. */
    void drain(boolean on);
}
