package io.turnpike.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The data directory: generated secrets and certificates that must survive a restart. Files that
 * hold secrets are created with mode 600 (owner only) before any secret is written to them.
 */
public final class DataDirectory {
    /** Name of the generated TURN REST shared secret file. */
    public static final String SHARED_SECRET_FILE = "shared-secret";

    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path root;

    private DataDirectory(Path root) {
        this.root = root;
    }

    /** Opens {@code root}, creating it (mode 700) when missing. */
    public static DataDirectory open(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            Files.createDirectories(root);
            setPermissions(root, OWNER_ONLY_DIR);
        }
        if (!Files.isWritable(root)) {
            throw new IOException("data directory is not writable: " + root);
        }
        return new DataDirectory(root);
    }

    /** The directory. */
    public Path path() {
        return root;
    }

    /**
     * The shared secret stored in the directory, generated (256 random bits, base64url text) on
     * first use. The secret's bytes are its UTF-8 text, so an application backend can use the same
     * string as its shared secret.
     */
    public String loadOrGenerateSecret(SecureRandom random) throws IOException {
        Path file = root.resolve(SHARED_SECRET_FILE);
        if (Files.isRegularFile(file)) {
            String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (secret.length() >= 16) {
                return secret;
            }
            throw new IOException("shared secret file is too short (need 16+ characters): " + file);
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        writeSecretFile(file, secret);
        return secret;
    }

    /** Writes {@code content} to {@code file} with mode 600, atomically (temp file + rename). */
    public static void writeSecretFile(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp); // not a POSIX file system: best effort
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot create " + tmp, e);
        }
        Files.writeString(tmp, content + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void setPermissions(Path path, Set<PosixFilePermission> permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, permissions);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing more we can do
        }
    }
}
