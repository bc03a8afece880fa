package io.turnpike.server.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes the usage counter file (JSON). Writes go through {@link AtomicFile}, so the file
 * on disk is always one complete snapshot, even when the process is killed mid-write.
 */
public final class UsageStore {
    private static final Logger LOG = LoggerFactory.getLogger(UsageStore.class);

    private final Path file;
    /** Sorted output for readable diffs; fields added by a later version are ignored, not fatal. */
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A store for {@code file}. */
    public UsageStore(Path file) {
        this.file = file;
    }

    /** Where the counters live. */
    public Path file() {
        return file;
    }

    /**
     * The stored snapshot, or null when there is none yet. A file that cannot be parsed (only
     * possible through outside tampering, as writes are atomic) is moved aside with a log line, so
     * the server still starts, and null is returned.
     */
    public UsageSnapshot load() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        try {
            UsageSnapshot s = json.readValue(bytes, UsageSnapshot.class);
            if (s.version() != UsageSnapshot.VERSION || s.month() == null) {
                throw new IOException("unsupported usage file version " + s.version());
            }
            return s;
        } catch (IOException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable-" + System.currentTimeMillis());
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            LOG.error("usage file {} could not be read ({}); moved to {} and starting from zero", file,
                    e.getMessage(), aside);
            return null;
        }
    }

    /** Atomically replaces the file with {@code snapshot}. */
    public void save(UsageSnapshot snapshot) throws IOException {
        AtomicFile.write(file, toJson(snapshot), false);
    }

    private byte[] toJson(UsageSnapshot snapshot) throws JsonProcessingException {
        return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(snapshot);
    }
}
