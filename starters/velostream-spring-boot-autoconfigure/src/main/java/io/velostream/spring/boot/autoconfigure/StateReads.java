package io.velostream.spring.boot.autoconfigure;

import io.velostream.engine.io.TaskOwners;
import io.velostream.engine.job.StateQueries;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Answers {@code GET /actuator/velostream/{job}/state/{store}} (docs/scaling.md#interactive-queries): a key's value
 * from the task that owns it — on this instance, or forwarded once to the instance the consumer group's assignment
 * names ({@code velostream.advertised-url}) — or a key range from every instance's tasks. Errors are answers with a
 * status: 404 an unknown job or store (with the names there are), 400 a key that does not parse, 503 (retriable)
 * while the owner is unknown, restoring or not running.
 */
final class StateReads {
    /** How long a read waits for the job's thread (it answers between batches) or for another instance. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final VelostreamJobs jobs;
    private final String advertisedUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    StateReads(VelostreamJobs jobs, String advertisedUrl) {
        this.jobs = jobs;
        this.advertisedUrl = advertisedUrl == null ? null : strip(advertisedUrl);
    }

    /** An answer: an HTTP status and its JSON body. */
    record Answer(int status, Map<String, Object> body) {
        static Answer error(int status, String message, String namesKey, Object names) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", status);
            body.put("error", message);
            if (namesKey != null) {
                body.put(namesKey, names);
            }
            return new Answer(status, body);
        }
    }

    /**
     * @param forwarded asked by another instance: answer from this instance's tasks only, never forward again
     */
    Answer read(String jobName, String store, String key, String from, String to, boolean forwarded) {
        ManagedJob job = jobs.jobs().stream().filter(j -> j.name().equals(jobName)).findFirst().orElse(null);
        if (job == null) {
            return Answer.error(404, "no job '" + jobName + "'", "jobs", jobs.jobs().stream().map(ManagedJob::name).toList());
        }
        List<StateQueries> copies = job.queries();
        if (job.state() != JobState.RUNNING || copies.isEmpty()) {
            return Answer.error(503, "job '" + jobName + "' is " + job.state().name().toLowerCase()
                    + ": its state is read while it runs", null, null);
        }
        StateQueries first = copies.get(0);
        if (!first.stores().contains(store)) {
            return Answer.error(404, "job '" + jobName + "' has no store '" + store + "' that can be queried"
                    + " (a GROUP BY's store, docs/scaling.md#interactive-queries)", "stores", List.copyOf(first.stores()));
        }
        if (key != null && (from != null || to != null) || key == null && from == null && to == null) {
            return Answer.error(400, "give either key, or from and/or to (a range)", null, null);
        }
        try {
            return key != null ? get(job, copies, store, key, forwarded) : range(job, copies, store, from, to, forwarded);
        } catch (IllegalArgumentException e) {
            return Answer.error(400, "store '" + store + "' of job '" + jobName + "': " + e.getMessage(), null, null);
        } catch (UnsupportedOperationException e) {
            return Answer.error(400, e.getMessage(), null, null);
        } catch (Unavailable | IllegalStateException e) { // a task that moved while asked: its next owner answers
            return Answer.error(503, e.getMessage() + "; try again", null, null);
        }
    }

    private Answer get(ManagedJob job, List<StateQueries> copies, String store, String key, boolean forwarded) {
        StateQueries first = copies.get(0);
        Object[] values = first.parseKey(store, key);
        int partition = first.partitionOf(store, values);
        for (StateQueries copy : copies) {
            if (copy.owns(store, partition)) {
                Map<String, Object> value = await(copy.get(store, values, partition));
                if (value == null) {
                    return Answer.error(404, "store '" + store + "' of job '" + job.name() + "' has no committed value"
                            + " for key '" + key + "'", "partition", partition);
                }
                Map<String, Object> body = answer(job, store, partition);
                body.put("key", key);
                body.put("value", value);
                return new Answer(200, body);
            }
        }
        String owner = owner(first, store, partition);
        if (owner == null || owner.equals(advertisedUrl) || forwarded) {
            return Answer.error(503, "the owner of key '" + key + "' (task " + partition + ") is not known now: "
                    + (job.restoring() ? "its task is restoring" : first.owners(store) == null
                    ? "set velostream.advertised-url on every instance to find it" : "a rebalance is in progress")
                    + "; try again", "partition", partition);
        }
        return forward(owner, job.name(), store, "key=" + encode(key));
    }

    private Answer range(ManagedJob job, List<StateQueries> copies, String store, String from, String to,
                         boolean forwarded) {
        StateQueries first = copies.get(0);
        Object[] low = from == null ? null : first.parseKey(store, from);
        Object[] high = to == null ? null : first.parseKey(store, to);
        List<Object> rows = new ArrayList<>();
        List<String> instances = new ArrayList<>();
        for (StateQueries copy : copies) {
            rows.addAll(await(copy.range(store, low, high)));
        }
        TaskOwners owners = first.owners(store);
        if (!forwarded && owners != null && first.partitioned(store)) {
            String query = (from == null ? "" : "from=" + encode(from)) + (from != null && to != null ? "&" : "")
                    + (to == null ? "" : "to=" + encode(to));
            for (String other : owners.instances().stream().map(StateReads::strip).distinct().toList()) {
                if (!other.equals(advertisedUrl)) {
                    Answer part = forward(other, job.name(), store, query);
                    if (part.status() != 200) {
                        return part;
                    }
                    rows.addAll((List<?>) part.body().get("rows"));
                    instances.add(other);
                }
            }
        }
        Map<String, Object> body = answer(job, store, null);
        body.put("from", from);
        body.put("to", to);
        body.put("rows", rows);
        body.put("forwardedTo", instances);
        return new Answer(200, body);
    }

    private static Map<String, Object> answer(ManagedJob job, String store, Integer partition) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job", job.name());
        body.put("store", store);
        if (partition != null) {
            body.put("partition", partition);
        }
        return body;
    }

    private static String owner(StateQueries queries, String store, int partition) {
        TaskOwners owners = queries.owners(store);
        String owner = owners == null ? null : owners.owner(partition);
        return owner == null ? null : strip(owner);
    }

    /** Asks the instance at {@code base} (its advertised URL), once: it answers from its own tasks. */
    private Answer forward(String base, String job, String store, String query) {
        URI uri = URI.create(base + "/velostream/" + encode(job) + "/state/" + encode(store) + "?" + query
                + "&forwarded=true");
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            @SuppressWarnings("unchecked")
            Map<String, Object> body = JSON.readValue(response.body(), LinkedHashMap.class);
            body.put("servedBy", base);
            return new Answer(response.statusCode(), body);
        } catch (IOException | RuntimeException e) {
            return Answer.error(503, "the owner " + base + " did not answer (" + e.getMessage() + "); try again", null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.error(503, "interrupted", null, null);
        }
    }

    /** The job thread's answer; a read it does not answer in time (a long batch, a restore) is retriable. */
    private static <T> T await(CompletableFuture<T> answer) {
        try {
            return answer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new Unavailable("the job did not answer within " + TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted");
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A read that may pass when tried again: answered 503. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }
}
