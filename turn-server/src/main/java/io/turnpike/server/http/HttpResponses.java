package io.turnpike.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Builds and writes the API's responses. Every error is JSON:
 * {@code {"error": {"code": 401, "message": "..."}}}. Every response says not to cache it and not
 * to sniff its type.
 */
final class HttpResponses {
    static final String JSON = "application/json; charset=utf-8";

    private HttpResponses() {
    }

    /** A response with {@code body} of {@code contentType}. */
    static FullHttpResponse of(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        return r;
    }

    /** A JSON response. */
    static FullHttpResponse json(HttpResponseStatus status, ObjectMapper mapper, Object body) {
        try {
            return of(status, JSON, mapper.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize response", e);
        }
    }

    /** The JSON error response for {@code e}. */
    static FullHttpResponse error(ObjectMapper mapper, ApiException e) {
        FullHttpResponse r = error(mapper, e.status(), e.getMessage());
        if (e.allow() != null) {
            r.headers().set(HttpHeaderNames.ALLOW, e.allow());
        }
        if (e.status().code() == 401) {
            // RFC 9110 §11.6.1: a 401 names the scheme the client should use.
            r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        return r;
    }

    /** A JSON error response. */
    static FullHttpResponse error(ObjectMapper mapper, HttpResponseStatus status, String message) {
        ObjectNode body = mapper.createObjectNode();
        ObjectNode err = body.putObject("error");
        err.put("code", status.code());
        err.put("message", message);
        return json(status, mapper, body);
    }

    /** A response without a body (204). */
    static FullHttpResponse empty(HttpResponseStatus status) {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
    }

    /** Writes {@code r}, keeping the connection open only when the request asked for it. */
    static void write(ChannelHandlerContext ctx, FullHttpResponse r, boolean keepAlive) {
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        r.headers().set("X-Content-Type-Options", "nosniff");
        if (keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(r, ctx.voidPromise());
        } else {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
