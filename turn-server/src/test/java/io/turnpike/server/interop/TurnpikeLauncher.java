package io.turnpike.server.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts Turnpike's shaded jar ({@code java -jar ${turnpike.jar} --config FILE}) with a HOCON file
 * generated from the spec, and Netty's leak detector at PARANOID so a leaked buffer in the relay
 * path shows up in the server log (which {@link ServerProcess} checks at stop).
 */
public final class TurnpikeLauncher implements TurnServerLauncher {

    @Override
    public ServerProcess start(TurnServerSpec spec, Path workDir, Path log) throws IOException {
        return start(spec, workDir, log, "");
    }

    /** Like {@link #start(TurnServerSpec, Path, Path)}, with {@code extra} HOCON laid over the spec's file. */
    public ServerProcess start(TurnServerSpec spec, Path workDir, Path log, String extra) throws IOException {
        Path jar = Path.of(requiredProperty("turnpike.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IOException("server jar " + jar + " is missing: run the tests with mvn verify");
        }
        Path config = workDir.resolve("turnpike.conf");
        Files.writeString(config, hocon(spec) + extra);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-Dio.netty.leakDetection.level=PARANOID");
        command.add("-jar");
        command.add(jar.toString());
        command.add("--config");
        command.add(config.toString());
        return ServerProcess.start("Turnpike", command, workDir, log, spec);
    }

    /** The configuration file for {@code spec} (keys as documented in reference.conf). */
    static String hocon(TurnServerSpec spec) {
        StringBuilder users = new StringBuilder();
        for (TurnServerSpec.User user : spec.users()) {
            users.append("      { username = ").append(quote(user.name()))
                    .append(", password = ").append(quote(user.password())).append(" }\n");
        }
        String host = quote(spec.host());
        return """
                turnpike {
                  realm = %s
                  data-dir = %s
                  public-host = %s
                  listen {
                    addresses = [%s%s]
                    udp-port = %d
                    tcp-port = %d
                    tls-port = %d
                  }
                  relay {
                    bind-address = %s
                    bind-address-v6 = "::1"
                    min-port = %d
                    max-port = %d
                  }
                  auth {
                    static-users = [
                %s    ]
                    shared-secrets = [%s]
                    generate-secret = false
                  }
                  security {
                    peer.allow = [%s]
                    # Each test class leaves its UDP allocations to expire; don't let the per-user
                    # cap (a production safeguard) interfere with a sequence of runs by one user.
                    max-allocations-per-user = 500
                  }
                  http.enabled = false
                }
                """.formatted(quote(spec.realm()), quote(spec.dataDir().toString()), host, host,
                spec.ipv6Loopback() ? ", \"::1\"" : "", spec.udpPort(), spec.tcpPort(), spec.tlsPort(), host,
                spec.relayMinPort(), spec.relayMaxPort(), users, quote(spec.sharedSecret()), peerAllow(spec));
    }

    /** The peers allowed beyond the secure default: loopback of the families the spec uses. */
    private static String peerAllow(TurnServerSpec spec) {
        if (!spec.allowLoopbackPeers()) {
            return "";
        }
        return spec.ipv6Loopback() ? quote("127.0.0.0/8") + ", " + quote("::1") : quote("127.0.0.0/8");
    }

    /** A HOCON (JSON) string literal. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("system property " + name + " is not set (failsafe sets it)");
        }
        return value;
    }
}
