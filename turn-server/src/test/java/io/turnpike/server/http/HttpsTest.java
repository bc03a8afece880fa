package io.turnpike.server.http;

import static io.turnpike.server.http.ApiFixture.KEY;
import static io.turnpike.server.http.ApiFixture.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.turnpike.server.testing.TrustingTls;
import io.turnpike.server.tls.ServerTls;
import io.turnpike.server.tls.TlsSettings;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over HTTPS with the server's own (self-signed) certificate, the default. */
class HttpsTest {
    @TempDir
    Path dir;

    private static HttpClient trusting(ServerTls tls) throws Exception {
        return HttpClient.newBuilder().sslContext(TrustingTls.context(tls.certificate())).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void credentialApiAnswersOverHttpsWithTheServerCertificate() throws Exception {
        try (ServerTls tls = ServerTls.open(TlsSettings.selfSigned(), dir, "localhost", Clock.systemUTC());
                ApiFixture api = new ApiFixture(dir, "tls = true", tls::sslContext, trusting(tls))) {
            assertEquals("https", api.base.getScheme());
            HttpResponse<String> r = api.post(ApiFixture.generateIce(KEY), TOKEN, "{\"ttl\": 60}");
            assertEquals(201, r.statusCode(), r.body());
            assertEquals(200, api.get("/health", null).statusCode());
            HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThrows(SSLHandshakeException.class, () -> untrusting.send(
                    HttpRequest.newBuilder(api.base.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString()),
                    "a client that does not trust the certificate is refused");
        }
    }
}
