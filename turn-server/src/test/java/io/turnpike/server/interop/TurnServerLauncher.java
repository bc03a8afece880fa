package io.turnpike.server.interop;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Starts a TURN server of some kind for a {@link TurnServerSpec}. The interop tests target
 * Turnpike ({@link TurnpikeLauncher}); the system property {@value #PROPERTY} names another
 * implementation class (public, no-argument constructor), which lets a developer check the
 * harness and the tests themselves against a reference server before blaming Turnpike.
 */
public interface TurnServerLauncher {
    /** System property naming the launcher class to use instead of {@link TurnpikeLauncher}. */
    String PROPERTY = "turnpike.interop.launcher";

    /**
     * Starts the server as a child process whose output goes to {@code log}. Returns once the
     * process is started; {@link ServerProcess#awaitReady} waits for its listeners.
     */
    ServerProcess start(TurnServerSpec spec, Path workDir, Path log) throws IOException;

    /** The launcher selected by {@value #PROPERTY}, Turnpike's by default. */
    static TurnServerLauncher selected() {
        String name = System.getProperty(PROPERTY, "");
        if (name.isEmpty()) {
            return new TurnpikeLauncher();
        }
        try {
            return (TurnServerLauncher) Class.forName(name).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + PROPERTY + "=" + name, e);
        }
    }
}
