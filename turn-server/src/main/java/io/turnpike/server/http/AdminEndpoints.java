package io.turnpike.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.turnpike.server.usage.Quota;
import io.turnpike.server.usage.UsageLedger;

/** The admin endpoints (admin bearer token): usage report and the app's Cloudflare usage report. */
final class AdminEndpoints {
    private final HttpApiContext context;
    private final ObjectMapper json;

    AdminEndpoints(HttpApiContext context, ObjectMapper json) {
        this.context = context;
        this.json = json;
    }

    /**
     * GET /v1/usage: this month's relayed bytes and allocations per key, quotas, the "other" bucket
     * and the reported Cloudflare usage.
     */
    FullHttpResponse usage() {
        UsageLedger usage = context.usage();
        ObjectNode out = json.createObjectNode();
        out.put("month", usage.currentMonth().toString());
        ArrayNode keys = out.putArray("keys");
        for (ApiKey k : context.keys().all()) {
            ObjectNode n = keys.addObject();
            n.put("id", k.id());
            n.put("bytes", usage.bytesThisMonth(k.id()));
            n.put("allocations", usage.allocationsThisMonth(k.id()));
            Quota q = usage.quota(k.id());
            n.put("quotaBytes", q.monthlyBytes());
            n.put("quotaUsed", usage.quotaUsedRatio(k.id()));
            n.put("quotaSpent", usage.quotaSpent(k.id()));
        }
        ObjectNode other = out.putObject("other");
        other.put("bytes", usage.bytesThisMonth(UsageLedger.OTHER));
        other.put("allocations", usage.allocationsThisMonth(UsageLedger.OTHER));
        ObjectNode cf = out.putObject("cloudflare");
        long cap = context.settings().cloudflare().monthlyCapBytes();
        cf.put("mode", context.settings().cloudflare().mode().name().toLowerCase(java.util.Locale.ROOT));
        cf.put("bytes", usage.cloudflareBytesThisMonth());
        cf.put("capBytes", cap);
        cf.put("capReached", cap > 0 && usage.cloudflareBytesThisMonth() >= cap);
        return HttpResponses.json(HttpResponseStatus.OK, json, out);
    }

    /**
     * POST /v1/usage/cloudflare {"bytes": N}: the app reports this month's Cloudflare TURN usage so
     * far (an absolute figure, e.g. from Cloudflare's analytics), which the cap is checked against.
     */
    FullHttpResponse reportCloudflare(ObjectNode body) {
        long bytes = JsonBodies.nonNegativeLong(body, "bytes");
        context.usage().reportCloudflareBytes(bytes);
        return HttpResponses.empty(HttpResponseStatus.NO_CONTENT);
    }

    /**
     * POST /v1/admin/drain {"drain": true|false}: starts or ends drain mode (docs/redirects.md);
     * answers the mode now in force.
     */
    FullHttpResponse drain(ObjectNode body) {
        DrainSwitch drain = context.drain();
        if (drain == null) {
            throw new ApiException(HttpResponseStatus.NOT_FOUND, "no TURN engine to drain");
        }
        drain.drain(JsonBodies.requiredBoolean(body, "drain"));
        ObjectNode out = json.createObjectNode();
        out.put("draining", drain.draining());
        return HttpResponses.json(HttpResponseStatus.OK, json, out);
    }
}
