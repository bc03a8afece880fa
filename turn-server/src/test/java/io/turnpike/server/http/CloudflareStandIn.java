package io.turnpike.server.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * A loopback stand-in for Cloudflare's TURN key API (rtc.live.cloudflare.com): answers
 * {@code POST /v1/turn/keys/{id}/credentials/generate-ice-servers} like Cloudflare's documentation
 * shows (201 and an iceServers list), or fails/stalls as a test asks, and records every request.
 */
final class CloudflareStandIn implements AutoCloseable {
    /** What the stand-in does with the next requests. */
    enum Behaviour { OK, ERROR_500, STALL, GARBAGE }

    /** One request as received. */
    record Received(String method, String path, String authorization, String contentType, String body) {
    }

    static final String KEY_ID = "cfkey0123456789abcdef";
    static final String TOKEN = "cf-api-token-0123456789";
    static final String BODY = "{\"iceServers\":[{\"urls\":[\"stun:stun.cloudflare.com:3478\","
            + "\"stun:stun.cloudflare.com:53\"]},{\"urls\":[\"turn:turn.cloudflare.com:3478?transport=udp\","
            + "\"turns:turn.cloudflare.com:5349?transport=tcp\"],\"username\":\"cfuser\",\"credential\":\"cfpass\","
            + "\"extra\":\"dropped\"}]}";

    final List<Received> received = new CopyOnWriteArrayList<>();
    volatile Behaviour behaviour = Behaviour.OK;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    CloudflareStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(),
                ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("Content-Type"), body));
        try {
            switch (behaviour) {
                case OK -> reply(ex, 201, BODY);
                case ERROR_500 -> reply(ex, 500, "{\"error\":\"internal\"}");
                case GARBAGE -> reply(ex, 201, "<html>not json</html>");
                case STALL -> {
                    Thread.sleep(8000);
                    reply(ex, 201, BODY);
                }
                default -> throw new IllegalStateException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ex.close();
        }
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
