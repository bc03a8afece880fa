package io.turnpike.server.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.turnpike.server.auth.RestCredentials;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the server prints at start: where its data lives, what it listens on, and the
 * {@code iceServers} JSON a user pastes into a WebRTC app, with a short-lived TURN REST credential
 * minted from the shared secret (never the secret itself).
 */
public final class StartupBanner {
    /** Validity of the credential printed at start. */
    public static final long CREDENTIAL_SECONDS = 24 * 3600;

    private StartupBanner() {
    }

    /**
     * The {@code iceServers} object for the bound listeners.
     *
     * @param host host name or IP literal (bracketed for IPv6) clients use
     * @param udp bound UDP address or null, likewise {@code tcp} and {@code tls}
     * @param credential a REST credential, or null to leave username/credential out
     */
    public static Map<String, Object> iceServers(String host, InetSocketAddress udp, InetSocketAddress tcp,
            InetSocketAddress tls, RestCredentials.Credential credential) {
        List<Object> servers = new ArrayList<>();
        InetSocketAddress stunPort = udp != null ? udp : tcp;
        if (stunPort != null) {
            servers.add(Map.of("urls", List.of("stun:" + host + ":" + stunPort.getPort())));
        }
        List<String> turn = new ArrayList<>();
        if (udp != null) {
            turn.add("turn:" + host + ":" + udp.getPort() + "?transport=udp");
        }
        if (tcp != null) {
            turn.add("turn:" + host + ":" + tcp.getPort() + "?transport=tcp");
        }
        if (tls != null) {
            turn.add("turns:" + host + ":" + tls.getPort() + "?transport=tcp");
        }
        if (!turn.isEmpty()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("urls", turn);
            if (credential != null) {
                entry.put("username", credential.username());
                entry.put("credential", credential.password());
            }
            servers.add(entry);
        }
        return Map.of("iceServers", servers);
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
