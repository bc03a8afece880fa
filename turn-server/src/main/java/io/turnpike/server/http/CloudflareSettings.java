package io.turnpike.server.http;

import java.net.URI;
import java.time.Duration;

/**
 * The {@code turnpike.http.cloudflare} section: Cloudflare TURN beside Turnpike.
 *
 * @param mode off, merge or fallback
 * @param keyId Cloudflare TURN key id (path segment of Cloudflare's API)
 * @param token Cloudflare TURN key API token (bearer)
 * @param baseUrl Cloudflare's API base, {@code https://rtc.live.cloudflare.com}
 * @param timeout how long a generate request to Cloudflare may take before Turnpike answers alone
 * @param monthlyCapBytes Cloudflare usage (as reported by the app) at which Turnpike stops asking; 0 = none
 */
public record CloudflareSettings(Mode mode, String keyId, String token, URI baseUrl, Duration timeout,
        long monthlyCapBytes) {

    /** How Cloudflare's ICE servers combine with Turnpike's. */
    public enum Mode {
        /** Turnpike only; Cloudflare is never called. */
        OFF,
        /** Cloudflare's servers and Turnpike's in one answer; Turnpike's alone when Cloudflare fails. */
        MERGE,
        /** Cloudflare's servers alone when it answers; Turnpike's alone when it fails or the cap is reached. */
        FALLBACK
    }

    /** Cloudflare switched off. */
    public static final CloudflareSettings OFF = new CloudflareSettings(Mode.OFF, "", "",
            URI.create("https://rtc.live.cloudflare.com"), Duration.ofSeconds(2), 0);

    /** Whether Cloudflare is consulted at all. */
    public boolean enabled() {
        return mode != Mode.OFF;
    }

    @Override
    public String toString() {
        return "CloudflareSettings[mode=" + mode + ", keyId=" + keyId + ", token=<redacted>, baseUrl=" + baseUrl
                + ", timeout=" + timeout + ", monthlyCapBytes=" + monthlyCapBytes + "]";
    }
}
