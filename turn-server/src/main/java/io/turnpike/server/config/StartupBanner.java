package io.turnpike.server.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.turnpike.server.auth.RestCredentials;
import java.time.Instant;
import java.util.Map;

/**
 * What the server prints at start: where its data lives, what it listens on, and the
 * {@code iceServers} JSON a user pastes into a WebRTC app (built by
 * {@code IceServerEndpoints.iceServers}, like the credential API's answer), with a short-lived TURN
 * REST credential minted from the shared secret (never the secret itself).
 */
public final class StartupBanner {
    /** Validity of the credential printed at start. */
    public static final long CREDENTIAL_SECONDS = 24 * 3600;

    private StartupBanner() {
    }

    /**
     * The full banner text.
     *
     * @param secretFile where the generated shared secret is kept (for the app's credential backend),
     *     or null when the secrets come from the configuration
     */
    public static String render(String dataDir, String listening, String secretFile, Map<String, Object> iceServers,
            RestCredentials.Credential credential) {
        String json;
        try {
            json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(iceServers);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder b = new StringBuilder();
        b.append("Turnpike TURN server is running.\n");
        b.append("  data directory: ").append(dataDir).append('\n');
        b.append("  listening:      ").append(listening).append('\n');
        if (secretFile != null) {
            b.append("  shared secret:  ").append(secretFile)
                    .append(" (TURN REST API: mint credentials for your app with it)\n");
        }
        if (credential != null) {
            b.append("ICE servers for your app (credential valid until ")
                    .append(Instant.ofEpochSecond(credential.expiresAtEpochSeconds())).append("):\n");
        } else {
            b.append("ICE servers for your app (add the username and password of a static user):\n");
        }
        b.append(json).append('\n');
        return b.toString();
    }
}
