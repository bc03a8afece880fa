package io.turnpike.server.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A request the API refuses, with the HTTP status and a message for the JSON error body. Carries no
 * stack trace: it is control flow for an expected outcome, not a fault.
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient HttpResponseStatus status;
    private final String allow;

    ApiException(HttpResponseStatus status, String message) {
        this(status, message, null);
    }

    /** A 405 (or other) refusal that also sets the {@code Allow} header. */
    ApiException(HttpResponseStatus status, String message, String allow) {
        super(message, null, false, false);
        this.status = status;
        this.allow = allow;
    }

    HttpResponseStatus status() {
        return status;
    }

    /** Methods for the Allow header, or null. */
    String allow() {
        return allow;
    }
}
