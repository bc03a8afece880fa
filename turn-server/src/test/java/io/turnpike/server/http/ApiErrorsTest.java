package io.turnpike.server.http;

import static io.turnpike.server.http.ApiFixture.ADMIN;
import static io.turnpike.server.http.ApiFixture.KEY;
import static io.turnpike.server.http.ApiFixture.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every error status, each with the JSON body {"error": {"code": N, "message": "..."}}. */
class ApiErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GENERATE = ApiFixture.generateIce(KEY);

    @TempDir
    Path dir;
    private ApiFixture api;

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(dir, "max-body-bytes = 1024");
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    /** Checks status and JSON error body; returns the message. */
    private static String assertError(int status, HttpResponse<String> r) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        JsonNode error = JSON.readTree(r.body()).get("error");
        assertEquals(status, error.get("code").asInt());
        String message = error.get("message").asText();
        assertTrue(!message.isBlank());
        return message;
    }

    @Test
    void malformedJsonOrNonObjectBodyIs400() throws Exception {
        assertError(400, api.post(GENERATE, TOKEN, "{\"ttl\": "));
        assertError(400, api.post(GENERATE, TOKEN, "not json"));
        assertError(400, api.post(GENERATE, TOKEN, "[1, 2]"));
        assertError(400, api.post(GENERATE, TOKEN, "{\"ttl\": 60} {\"ttl\": 61}"));
        assertError(400, api.post(GENERATE, TOKEN, "{\"ttl\": 60, \"ttl\": 600}"));
        assertError(400, api.post("/v1/usage/cloudflare", ADMIN, "{\"bytes\": -1}"));
    }

    @Test
    void missingOrWrongBearerIs401WithChallenge() throws Exception {
        HttpResponse<String> none = api.post(GENERATE, null, "{}");
        assertError(401, none);
        assertEquals("Bearer", none.headers().firstValue("www-authenticate").orElse(""));
        assertError(401, api.post(GENERATE, TOKEN + "x", "{}"));
        assertError(401, api.post(GENERATE, TOKEN.substring(1), "{}"));
        assertError(401, api.post(GENERATE, ADMIN, "{}"));
        HttpResponse<String> basic = api.http.send(java.net.http.HttpRequest.newBuilder(api.base.resolve(GENERATE))
                .header("Authorization", "Basic " + TOKEN).POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertError(401, basic);
        assertError(401, api.get("/v1/usage", TOKEN));
        assertError(401, api.get("/v1/usage", null));
    }

    @Test
    void unknownKeyOrPathIs404() throws Exception {
        assertTrue(assertError(404, api.post(ApiFixture.generateIce("nokey"), TOKEN, "{}")).contains("nokey"));
        assertError(404, api.get("/nothing-here", null));
        assertError(404, api.post("/v1/turn/keys/" + KEY + "/credentials/other", TOKEN, "{}"));
        assertError(404, api.post("/v1/turn/keys/" + KEY + "/credentials//revoke", TOKEN, null));
        assertError(404, api.post("/v1/turn/keys/" + KEY, TOKEN, "{}"));
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> r = api.get(GENERATE, TOKEN);
        assertError(405, r);
        assertEquals("POST", r.headers().firstValue("allow").orElse(""));
        HttpResponse<String> h = api.post("/health", null, "{}");
        assertError(405, h);
        assertEquals("GET", h.headers().firstValue("allow").orElse(""));
        assertError(405, api.send("DELETE", "/v1/usage", ADMIN, null));
        assertError(405, api.send("PUT", "/", null, "x"));
    }

    @Test
    void bodyLargerThanTheLimitIs413AndTheConnectionStaysUsable() throws Exception {
        String big = "{\"ttl\": 600, \"pad\": \"" + "x".repeat(2000) + "\"}";
        assertTrue(assertError(413, api.post(GENERATE, TOKEN, big)).contains("1024"));
        assertEquals(201, api.post(GENERATE, TOKEN, "{\"ttl\": 600}").statusCode());
    }

    @Test
    void tooManyRequestsFromOneAddressIs429() throws Exception {
        api.close();
        api = new ApiFixture(dir, "rate-limit { requests-per-second = 0.001, burst = 3 }");
        for (int i = 0; i < 3; i++) {
            assertEquals(201, api.post(GENERATE, TOKEN, "{}").statusCode(), "request " + i);
        }
        assertError(429, api.post(GENERATE, TOKEN, "{}"));
        assertError(429, api.post(GENERATE, "wrong-token-guess", "{}"));
        assertEquals(200, api.get("/health", null).statusCode(), "health is not rate limited");
    }
}
