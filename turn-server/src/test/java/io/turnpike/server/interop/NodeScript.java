package io.turnpike.server.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs one of the WebRTC scripts in the repository's {@code interop/} Node.js package
 * ({@code node interop/SCRIPT.mjs '<json>'}) and reads the one JSON line it prints last.
 *
 * @param run the process run (exit code, full output)
 * @param result the parsed result ({@code ok} true/false, script-specific fields, {@code log})
 */
public record NodeScript(ToolRun run, JsonNode result) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs {@code interop/<script>} with {@code args}; {@code limit} bounds the whole process. */
    public static NodeScript run(String script, Map<String, Object> args, Path workDir, Duration limit)
            throws IOException, InterruptedException {
        Path interop = Path.of(TurnpikeLauncher.requiredProperty("turnpike.repo"), "interop").toAbsolutePath();
        if (!Files.isDirectory(interop.resolve("node_modules"))) {
            throw new IllegalStateException(interop + "/node_modules is missing: ./run-tests installs it "
                    + "(scripts/test-prerequisites.sh runs npm ci there)");
        }
        ToolRun run = ToolRun.run(List.of("node", interop.resolve(script).toString(), JSON.writeValueAsString(args)),
                workDir, limit);
        return new NodeScript(run, lastJsonLine(run.output()));
    }

    /** Whether the script reported success. */
    public boolean ok() {
        return result != null && result.path("ok").asBoolean(false);
    }

    /** For assertion messages: the run and the script's own log. */
    public String describe() {
        return run.describe();
    }

    private static JsonNode lastJsonLine(String output) {
        String[] lines = output.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].trim();
            if (line.startsWith("{")) {
                try {
                    return JSON.readTree(line);
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
