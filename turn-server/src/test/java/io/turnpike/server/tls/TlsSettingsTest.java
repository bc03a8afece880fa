package io.turnpike.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsSettingsTest {

    @TempDir
    Path dir;

    private static Config section(String certificate, String key, String interval) {
        return ConfigFactory.parseString("certificate = \"" + certificate + "\"\nprivate-key = \"" + key
                + "\"\nreload-interval = " + interval + "\nprovider = auto");
    }

    @Test
    void referenceConfDefaultsToSelfSignedCheckedEveryMinute() {
        Config reference = ConfigFactory.parseResources("reference.conf").resolve();
        TlsSettings settings = TlsSettings.from(reference.getConfig("turnpike.tls"));
        assertEquals(TlsSettings.selfSigned(), settings);
    }

    @Test
    void bothEmptyMeansSelfSigned() {
        TlsSettings settings = TlsSettings.from(section("", "", "60s"));
        assertFalse(settings.usesFiles());
        assertEquals(Duration.ofSeconds(60), settings.reloadInterval());
    }

    @Test
    void bothFilesAreAccepted() throws Exception {
        Path cert = Files.writeString(dir.resolve("c.pem"), "x");
        Path key = Files.writeString(dir.resolve("k.pem"), "x");
        TlsSettings settings = TlsSettings.from(section(cert.toString(), key.toString(), "0s"));
        assertTrue(settings.usesFiles());
        assertEquals(cert, settings.certificate());
        assertEquals(key, settings.privateKey());
    }

    @Test
    void onlyCertificateNamesMissingPrivateKey() throws Exception {
        Path cert = Files.writeString(dir.resolve("c.pem"), "x");
        ConfigException.BadValue e = assertThrows(ConfigException.BadValue.class,
                () -> TlsSettings.from(section(cert.toString(), "", "60s")));
        assertTrue(e.getMessage().contains("turnpike.tls.private-key"), e.getMessage());
    }

    @Test
    void onlyKeyNamesMissingCertificate() throws Exception {
        Path key = Files.writeString(dir.resolve("k.pem"), "x");
        ConfigException.BadValue e = assertThrows(ConfigException.BadValue.class,
                () -> TlsSettings.from(section("", key.toString(), "60s")));
        assertTrue(e.getMessage().contains("turnpike.tls.certificate"), e.getMessage());
    }

    @Test
    void unreadableFileNamesItsKey() throws Exception {
        Path cert = Files.writeString(dir.resolve("c.pem"), "x");
        ConfigException.BadValue e = assertThrows(ConfigException.BadValue.class,
                () -> TlsSettings.from(section(cert.toString(), dir.resolve("missing.pem").toString(), "60s")));
        assertTrue(e.getMessage().contains("turnpike.tls.private-key"), e.getMessage());
        assertTrue(e.getMessage().contains("missing.pem"), e.getMessage());
    }

    @Test
    void directoryIsNotACertificateFile() throws Exception {
        Path key = Files.writeString(dir.resolve("k.pem"), "x");
        ConfigException.BadValue e = assertThrows(ConfigException.BadValue.class,
                () -> TlsSettings.from(section(dir.toString(), key.toString(), "60s")));
        assertTrue(e.getMessage().contains("turnpike.tls.certificate"), e.getMessage());
    }

    @Test
    void negativeIntervalIsRefused() {
        ConfigException.BadValue e = assertThrows(ConfigException.BadValue.class,
                () -> TlsSettings.from(section("", "", "-1s")));
        assertTrue(e.getMessage().contains("turnpike.tls.reload-interval"), e.getMessage());
    }
}
