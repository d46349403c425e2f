package io.velostream.engine.internal.io.kafka;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.velostream.engine.internal.io.format.Json;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The Confluent-compatible Schema Registry REST API, the three calls the registry formats need
 * (docs/formats.md#schema-registry): a schema by id (cached, bounded: ids are immutable), the
 * latest version of a subject, and registering a schema under a subject. Confluent's own client
 * is not on Maven Central, so this is a small client over {@code java.net.http}.
 */
final class SchemaRegistryClient {
    /** Schemas kept by id; a topic rarely sees more than a handful of writer schemas. */
    static final int CACHE_SIZE = 1_000;
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    /** A registered schema: its global id and its text ({@code schemaType} AVRO, PROTOBUF or JSON). */
    record Registered(int id, String schemaType, String schema) {
    }

    /** The registry answered that no such schema or subject exists (HTTP 404). */
    static final class NotFound extends IOException {
        NotFound(String message) {
            super(message);
        }
    }

    private final String url;
    /** The {@code Authorization} header of HTTP basic auth, or null. */
    private final String authorization;
    private final HttpClient http;
    private final Cache<Integer, Registered> byId = Caffeine.newBuilder().maximumSize(CACHE_SIZE).build();

    SchemaRegistryClient(String url) {
        this(url, null);
    }

    /** @param userInfo {@code user:password} for HTTP basic auth, or null */
    SchemaRegistryClient(String url, String userInfo) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.authorization = userInfo == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    String url() {
        return url;
    }

    /** The schema with this id, from the cache or the registry. */
    Registered byId(int id) throws IOException {
        Registered r = byId.getIfPresent(id);
        if (r == null) {
            Map<String, String> body = get("/schemas/ids/" + id);
            r = new Registered(id, body.getOrDefault("schemaType", "AVRO"), body.get("schema"));
            byId.put(id, r);
        }
        return r;
    }

    /** The latest version registered under the subject. */
    Registered latest(String subject) throws IOException {
        Map<String, String> body = get("/subjects/" + encode(subject) + "/versions/latest");
        Registered r = new Registered(Integer.parseInt(body.get("id")), body.getOrDefault("schemaType", "AVRO"),
                body.get("schema"));
        byId.put(r.id(), r);
        return r;
    }

    /** Registers the schema under the subject (a no-op returning the existing id when already there). */
    int register(String subject, String schemaType, String schema) throws IOException {
        StringWriter json = new StringWriter();
        try (JsonGenerator g = Json.FACTORY.createGenerator(json)) {
            g.writeStartObject();
            g.writeStringField("schemaType", schemaType);
            g.writeStringField("schema", schema);
            g.writeEndObject();
        }
        HttpRequest request = request("/subjects/" + encode(subject) + "/versions")
                .POST(HttpRequest.BodyPublishers.ofString(json.toString())).build();
        int id = Integer.parseInt(send(request).get("id"));
        byId.put(id, new Registered(id, schemaType, schema));
        return id;
    }

    private Map<String, String> get(String path) throws IOException {
        return send(request(path).GET().build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", CONTENT_TYPE).header("Content-Type", CONTENT_TYPE);
        return authorization == null ? b : b.header("Authorization", authorization);
    }

    private Map<String, String> send(HttpRequest request) throws IOException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted calling the schema registry at " + url, e);
        } catch (IOException e) {
            throw new IOException("schema registry at " + url + " unreachable: " + e, e);
        }
        Map<String, String> body = fields(response.body());
        if (response.statusCode() == 404) {
            throw new NotFound(body.getOrDefault("message", "not found") + " (" + request.uri().getPath() + ")");
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("schema registry at " + url + " answered " + response.statusCode() + " to "
                    + request.method() + " " + request.uri().getPath() + ": " + body.getOrDefault("message", response.body()));
        }
        return body;
    }

    /** The top-level scalar fields of a JSON object, as text; nested values are skipped. */
    private static Map<String, String> fields(String json) throws IOException {
        Map<String, String> out = new HashMap<>();
        if (json == null || json.isBlank()) {
            return out;
        }
        try (JsonParser p = Json.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return out;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    p.skipChildren();
                } else {
                    out.put(name, p.getText());
                }
            }
        } catch (IOException e) {
            out.put("message", json);
        }
        return out;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

}
