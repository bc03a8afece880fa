package io.turnpike.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The ICE test page's files, read once from the class path ({@code web/}). */
final class StaticPage {
    /** A file and its content type. */
    record Asset(String contentType, byte[] body) {
    }

    private record Source(String resource, String contentType) {
    }

    private static final String HTML = "text/html; charset=utf-8";

    /** Paths served, mapped to their resource files. */
    private static final Map<String, Source> FILES = Map.of(
            "/", new Source("web/index.html", HTML),
            "/index.html", new Source("web/index.html", HTML),
            "/ice-test.js", new Source("web/ice-test.js", "text/javascript; charset=utf-8"));

    /**
     * Same-origin only: the page loads its own script and talks to this server's API; no inline
     * script, no framing.
     */
    static final String CSP = "default-src 'none'; script-src 'self'; connect-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final Map<String, Asset> assets;

    StaticPage() {
        Map<String, Asset> m = new java.util.HashMap<>();
        for (Map.Entry<String, Source> e : FILES.entrySet()) {
            m.put(e.getKey(), new Asset(e.getValue().contentType(), read(e.getValue().resource())));
        }
        this.assets = Map.copyOf(m);
    }

    private static byte[] read(String resource) {
        try (InputStream in = StaticPage.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The asset at {@code path}, or null. */
    Asset get(String path) {
        return assets.get(path);
    }
}
