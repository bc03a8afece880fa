package io.turnpike.server.interop;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Runs one TURN server (see {@link TurnServerLauncher}) and one UDP echo peer for a whole test
 * class, injects them as {@link ServerProcess} and {@link EchoPeer} parameters, stops the server
 * with SIGTERM after the class (failing the class if it does not exit in time or leaked buffers),
 * and adds the server's output to every failure, so a red test shows what the server said.
 * Working files live in {@code target/interop/<class>-<time>/} and are kept for inspection.
 */
public final class TurnServerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver,
        TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    /** Options of the server a test class gets. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    public @interface Options {
        /** Whether the server allows loopback peers (false is the server's secure default). */
        boolean allowLoopbackPeers() default true;

        /** Whether the server also listens and relays on ::1 and the echo peer sits on ::1. */
        boolean ipv6() default false;
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(TurnServerExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Class<?> testClass = context.getRequiredTestClass();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss-SSS"));
        Path workDir = Files.createDirectories(
                Path.of("target", "interop", testClass.getSimpleName() + "-" + stamp).toAbsolutePath());
        Options options = testClass.getAnnotation(Options.class);
        boolean allowLoopback = options == null || options.allowLoopbackPeers();
        ExtensionContext.Store store = context.getStore(NS);
        boolean ipv6 = options != null && options.ipv6();
        store.put(EchoPeer.class, EchoPeer.start(ipv6 ? "::1" : "127.0.0.1", workDir));
        TurnServerLauncher launcher = TurnServerLauncher.selected();
        for (int attempt = 1; ; attempt++) {
            TurnServerSpec spec = TurnServerSpec.loopback(workDir);
            if (!allowLoopback) {
                spec = spec.withLoopbackPeersRefused();
            }
            if (ipv6) {
                spec = spec.withIpv6Loopback();
            }
            Path log = workDir.resolve(attempt == 1 ? "server.log" : "server-" + attempt + ".log");
            ServerProcess server = launcher.start(spec, workDir, log);
            try {
                server.awaitReady(START_TIMEOUT);
                store.put(ServerProcess.class, server);
                return;
            } catch (IOException | InterruptedException e) {
                server.kill();
                // Other tests on this machine pick ports too: one may have taken ours between the
                // check and the bind. Only that case is retried, with new ports.
                if (attempt == START_ATTEMPTS || !server.output().contains("Address already in use")) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        ExtensionContext.Store store = context.getStore(NS);
        EchoPeer peer = store.remove(EchoPeer.class, EchoPeer.class);
        if (peer != null) {
            peer.close();
        }
        ServerProcess server = store.remove(ServerProcess.class, ServerProcess.class);
        if (server != null) {
            server.stop();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ServerProcess.class || type == EchoPeer.class || type == TurnServerSpec.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        ServerProcess server = classStore(context).get(ServerProcess.class, ServerProcess.class);
        if (type == TurnServerSpec.class) {
            return server.spec();
        }
        return classStore(context).get(type, type);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw withServerOutput(context, failure);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        throw withServerOutput(context, failure);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        throw withServerOutput(context, failure);
    }

    /** Prints the full server log into the test's output (the report) and attaches its tail. */
    private static Throwable withServerOutput(ExtensionContext context, Throwable failure) {
        ServerProcess server = classStore(context).get(ServerProcess.class, ServerProcess.class);
        if (server != null) {
            String output = server.output();
            System.out.println("===== server output at failure of " + context.getDisplayName() + " =====");
            System.out.println(output);
            System.out.println("===== end of server output =====");
            failure.addSuppressed(new ServerOutput(Text.tail(output, 60)));
        }
        return failure;
    }

    /** The class-level store: a store's get() also searches the stores of enclosing contexts. */
    private static ExtensionContext.Store classStore(ExtensionContext context) {
        return context.getStore(NS);
    }

    /** Carries the server's last log lines into a failure report. */
    static final class ServerOutput extends Exception {
        private static final long serialVersionUID = 1L;

        ServerOutput(String tail) {
            super("server output (last lines):\n" + tail, null, false, false);
        }
    }
}
