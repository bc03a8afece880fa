package io.turnpike.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;

/** Reads and checks the fields of request bodies; every problem is a 400 naming the field. */
final class JsonBodies {
    private JsonBodies() {
    }

    /** The body as a JSON object; an empty body is an empty object. */
    static ObjectNode object(ObjectMapper json, ByteBuf content) {
        if (!content.isReadable()) {
            return json.createObjectNode();
        }
        JsonNode node;
        try (ByteBufInputStream in = new ByteBufInputStream(content.duplicate())) {
            node = json.readTree((java.io.InputStream) in);
        } catch (IOException e) {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "request body is not valid JSON");
        }
        if (node == null || node.isMissingNode()) {
            return json.createObjectNode();
        }
        if (!node.isObject()) {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** {@code ttl} in seconds: absent or null gives {@code defaultTtl}; else an integer in [1, maxTtl]. */
    static long ttl(ObjectNode body, long defaultTtl, long maxTtl) {
        JsonNode ttl = body.get("ttl");
        if (ttl == null || ttl.isNull()) {
            return defaultTtl;
        }
        if (!ttl.isIntegralNumber() || !ttl.canConvertToLong() || ttl.asLong() < 1 || ttl.asLong() > maxTtl) {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST,
                    "ttl must be an integer number of seconds between 1 and " + maxTtl);
        }
        return ttl.asLong();
    }

    /** {@code customIdentifier}: absent or null gives ""; else 1-128 characters of [A-Za-z0-9._@+=-]. */
    static String customIdentifier(ObjectNode body) {
        JsonNode id = body.get("customIdentifier");
        if (id == null || id.isNull()) {
            return "";
        }
        if (!id.isTextual() || !CredentialIssuer.CUSTOM_IDENTIFIER.matcher(id.asText()).matches()) {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST,
                    "customIdentifier must be a string of 1-128 characters of [A-Za-z0-9._@+=-]");
        }
        return id.asText();
    }

    /** A required non-negative integer field. */
    static long nonNegativeLong(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, field + " must be a non-negative integer");
        }
        return v.asLong();
    }

    /** A required boolean field. */
    static boolean requiredBoolean(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isBoolean()) {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, field + " must be true or false");
        }
        return v.asBoolean();
    }
}
