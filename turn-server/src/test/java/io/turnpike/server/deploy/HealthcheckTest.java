package io.turnpike.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker/healthcheck.sh with the real curl against a loopback /health endpoint. */
class HealthcheckTest {
    @TempDir
    Path dir;
    private HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private DeployFiles.Result check(Map<String, String> env) {
        return DeployFiles.run(List.of("bash", DeployFiles.path("docker/healthcheck.sh").toString()), env, dir);
    }

    @Test
    void healthyWhenHealthAnswers200AndUnhealthyOtherwise() {
        DeployFiles.tool("curl", "Debian package curl");
        Map<String, String> env = Map.of("TURNPIKE_HTTP_TLS", "false",
                "TURNPIKE_HTTP_PORT", Integer.toString(server.getAddress().getPort()));
        DeployFiles.Result ok = check(env);
        assertEquals(0, ok.exitCode(), ok.all());
        status.set(503);
        assertNotEquals(0, check(env).exitCode(), "503 is unhealthy");
        server.stop(0);
        assertNotEquals(0, check(env).exitCode(), "nothing listening is unhealthy");
    }

    @Test
    void defaultsToHttpsOnTheDefaultPortAcceptingTheSelfSignedCertificate() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path curl = Files.writeString(bin.resolve("curl"), "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(curl, PosixFilePermissions.fromString("rwxr-xr-x"));
        DeployFiles.Result r = DeployFiles.run(List.of("/bin/bash", DeployFiles.path("docker/healthcheck.sh").toString()),
                Map.of("PATH", bin + ":/usr/bin:/bin"), dir, true);
        assertEquals(List.of("--fail", "--silent", "--show-error", "--insecure", "--max-time", "4", "--output",
                "/dev/null", "https://127.0.0.1:8443/health"), List.of(r.stdout().split("\n")));
        assertEquals(8443, ReferenceConfig.load().resolved().getInt("turnpike.http.port"), "the default HTTP port");
        assertEquals(true, ReferenceConfig.load().resolved().getBoolean("turnpike.http.tls"), "HTTPS by default");
    }
}
