package io.velostream.spring.boot.state;

import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the state of a Velostream service's jobs over HTTP, from any of its instances: the one asked forwards a key
 * to the instance that owns it, and gathers a range from all of them (docs/scaling.md#interactive-queries).
 *
 * <pre>{@code
 * VelostreamStateClient state = new VelostreamStateClient(URI.create("http://orders:8080/actuator"));
 * Optional<Map<String, Object>> totals = state.get("totals", "groups", "c42");
 * }</pre>
 *
 * A failed read throws {@link VelostreamStateException} with the service's status and message; one that may pass
 * when tried again (an owner unknown during a rebalance, a task restoring) is {@link VelostreamStateException#retriable()}.
 */
public final class VelostreamStateClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final URI actuator;
    private final HttpClient http;
    private final Duration timeout;

    /** @param actuator the base URL of an instance's actuator endpoints ({@code http://host:8080/actuator}) */
    public VelostreamStateClient(URI actuator) {
        this(actuator, HttpClient.newHttpClient(), Duration.ofSeconds(30));
    }

    public VelostreamStateClient(URI actuator, HttpClient http, Duration timeout) {
        String base = actuator.toString();
        this.actuator = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.http = http;
        this.timeout = timeout;
    }

    /**
     * The committed result row of {@code key} in store {@code store} of job {@code job} (column → value), or empty when
     * the key has none. A key of several GROUP BY values joins them with {@code |}, as output keys do.
     */
    public Optional<Map<String, Object>> get(String job, String store, String key) {
        Map<String, Object> answer = ask(job, store, "key=" + encode(key), true);
        return Optional.ofNullable(answer).map(a -> value(a.get("value")));
    }

    /**
     * The committed result rows of the keys from {@code from} to {@code to} (both included; null: open) of every
     * instance: each instance's in key order (a store in RocksDB only).
     */
    public List<Map<String, Object>> range(String job, String store, String from, String to) {
        String query = (from == null ? "" : "from=" + encode(from)) + (from != null && to != null ? "&" : "")
                + (to == null ? "" : "to=" + encode(to));
        Map<String, Object> answer = ask(job, store, query, false);
        return ((List<?>) answer.get("rows")).stream().map(VelostreamStateClient::value).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> value(Object o) {
        return (Map<String, Object>) o;
    }

    /** The answer's body; null for a key without value (when {@code missingIsEmpty}). */
    @SuppressWarnings("unchecked")
    private Map<String, Object> ask(String job, String store, String query, boolean missingIsEmpty) {
        URI uri = URI.create(actuator + "/velostream/" + encode(job) + "/state/" + encode(store) + "?" + query);
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new VelostreamStateException(503, uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VelostreamStateException(503, "interrupted", e);
        }
        Map<String, Object> body;
        try {
            body = JSON.readValue(response.body(), LinkedHashMap.class);
        } catch (RuntimeException e) {
            throw new VelostreamStateException(response.statusCode(), uri + " answered " + response.statusCode()
                    + " with a body that is no JSON: " + response.body(), e);
        }
        if (response.statusCode() == 200) {
            return body;
        }
        if (response.statusCode() == 404 && missingIsEmpty && body.containsKey("partition")) {
            return null; // the store exists, the key has no committed value
        }
        throw new VelostreamStateException(response.statusCode(), String.valueOf(body.get("error")), null);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
