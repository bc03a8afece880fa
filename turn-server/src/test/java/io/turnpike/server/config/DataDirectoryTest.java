package io.turnpike.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {
    @TempDir
    Path temp;

    @Test
    void generatesSecretOnceWithOwnerOnlyModeAndReusesIt() throws Exception {
        Path root = temp.resolve("data");
        DataDirectory dir = DataDirectory.open(root);
        String first = dir.loadOrGenerateSecret(new SecureRandom());
        assertTrue(first.length() >= 40, "256 random bits in base64url");
        Path file = root.resolve(DataDirectory.SHARED_SECRET_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root)));
        String again = DataDirectory.open(root).loadOrGenerateSecret(new SecureRandom());
        assertEquals(first, again, "a restart reuses the stored secret");
    }
}
