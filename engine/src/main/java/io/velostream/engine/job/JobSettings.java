package io.velostream.engine.job;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The job settings and their names: the WITH keys (also the keys of a service's configuration,
 * {@code velostream.jobs.<job>.*}), the statement annotations that set some of them, and their
 * resolution into a {@link JobConfig} by precedence: annotation, then WITH, then the service's
 * defaults, then the built-in default.
 */
public final class JobSettings {
    public static final String MODE = "mode";
    public static final String BATCH_SIZE = "batch.size";
    public static final String BATCH_TIMEOUT = "batch.timeout";
    public static final String FAILURE_STRATEGY = "failure_strategy";
    public static final String MAX_RETRIES = "max_retries";
    public static final String RETRY_BACKOFF = "retry_backoff";
    public static final String DLQ_TOPIC = "dlq.topic";
    public static final String DISTINCT_MAX_ENTRIES = "distinct.max_entries";
    public static final String TRACING_MAX_LINKS = "observability.tracing.max_links";
    public static final String COMMIT_INTERVAL = "commit.interval";
    /** Where operator state lives: {@code memory} or {@code rocksdb} (docs/scaling.md#stores). */
    public static final String STATE_STORE = "state.store";
    /** The directory of RocksDB stores. */
    public static final String STATE_DIR = "state.dir";
    /** The bound of each RocksDB store's cache, in bytes. */
    public static final String STATE_CACHE_MAX_BYTES = "state.cache-max-bytes";
    /** Processing threads per instance, each a copy of the job in the same consumer group (docs/scaling.md#threads). */
    public static final String THREADS = "threads";
    /**
     * Which instance (replica) of an application this is, part of its transactional ids; a service
     * setting ({@code velostream.instance-id}), see {@link #instanceId}.
     */
    public static final String INSTANCE_ID = "instance.id";
    /**
     * Made once per JVM, at start: the instance id when neither {@link #INSTANCE_ID} nor
     * {@code HOSTNAME} is set. A job compiled again in the same JVM (a restart) keeps it.
     */
    private static final String RANDOM_INSTANCE_ID = UUID.randomUUID().toString();

    /** The annotation naming a statement's job. */
    public static final String NAME_ANNOTATION = "name";
    /** The annotations that set a job setting, by the WITH key they set. */
    private static final Map<String, String> ANNOTATION_OF = Map.of(MODE, "job_mode", BATCH_SIZE, "batch_size",
            FAILURE_STRATEGY, "failure_strategy", DLQ_TOPIC, "dlq_topic");
    /** Every job annotation: the job's name and the settings above. */
    public static final Set<String> ANNOTATIONS = Set.of(NAME_ANNOTATION, "job_mode", "batch_size",
            "failure_strategy", "dlq_topic");
    /** Settings where 0 means "none": no retry, no batch spans, a commit per batch. */
    private static final Set<String> ZERO_ALLOWED = Set.of(MAX_RETRIES, TRACING_MAX_LINKS, COMMIT_INTERVAL);

    private JobSettings() {
    }

    /** A setting with a value it cannot take; {@link #annotation()} names the annotation that sets it, or null. */
    public static final class InvalidSetting extends IllegalArgumentException {
        private final String annotation;

        InvalidSetting(String key, String message) {
            super(message);
            this.annotation = ANNOTATION_OF.get(key);
        }

        public String annotation() {
            return annotation;
        }
    }

    /**
     * The settings of job {@code name}.
     *
     * @param annotations the statement's annotations, by lower-case name
     * @param with        the job-level WITH keys (any case)
     * @param defaults    the service's job keys for this job
     * @throws InvalidSetting for the first setting whose value is invalid
     */
    public static JobConfig resolve(String name, Map<String, String> annotations, Map<String, String> with,
                                    Map<String, String> defaults) {
        Lookup s = new Lookup(annotations, with, defaults);
        JobConfig d = JobConfig.defaults(name);
        ProcessingMode mode = s.parse(MODE, d.mode().name(), ProcessingMode::parse);
        return new JobConfig(name, mode,
                s.integer(BATCH_SIZE, d.batchSize()),
                s.integer(BATCH_TIMEOUT, (int) d.batchTimeoutMillis()),
                s.parse(FAILURE_STRATEGY, d.failureStrategy().sqlName(), FailureStrategy::parse),
                s.integer(MAX_RETRIES, d.maxRetries()),
                s.integer(RETRY_BACKOFF, (int) d.retryBackoffMillis()),
                s.get(DLQ_TOPIC, d.dlqTopic()),
                s.integer(DISTINCT_MAX_ENTRIES, d.distinctMaxEntries()),
                s.integer(TRACING_MAX_LINKS, d.traceLinks()),
                s.integer(COMMIT_INTERVAL, (int) (mode == ProcessingMode.TRANSACTIONAL
                        ? JobConfig.DEFAULT_TRANSACTIONAL_COMMIT_INTERVAL_MS : d.commitIntervalMillis())),
                s.integer(THREADS, d.threads()),
                new StateSettings(s.parse(STATE_STORE, d.state().store().name(), StateSettings.Store::parse),
                        s.parse(STATE_DIR, d.state().dir().toString(), Path::of),
                        s.positiveLong(STATE_CACHE_MAX_BYTES, d.state().cacheMaxBytes())));
    }

    /**
     * This instance's id, unique per replica without a per-replica setting (docs/scaling.md#instance-ids):
     * {@link #INSTANCE_ID} from the service's defaults, else the {@code HOSTNAME} environment variable
     * (a pod's or container's name), else an id made at start.
     */
    public static String instanceId(Map<String, String> defaults) {
        return instanceId(defaults, System.getenv("HOSTNAME"));
    }

    static String instanceId(Map<String, String> defaults, String hostname) {
        String set = defaults.get(INSTANCE_ID);
        if (set != null && !set.isBlank()) {
            return set.trim();
        }
        return hostname != null && !hostname.isBlank() ? hostname.trim() : RANDOM_INSTANCE_ID;
    }

    private record Lookup(Map<String, String> annotations, Map<String, String> with, Map<String, String> defaults) {
        String get(String key, String fallback) {
            String annotation = ANNOTATION_OF.get(key);
            if (annotation != null && annotations.containsKey(annotation)) {
                return annotations.get(annotation);
            }
            for (Map.Entry<String, String> e : with.entrySet()) {
                if (e.getKey().equalsIgnoreCase(key)) {
                    return e.getValue();
                }
            }
            return defaults.getOrDefault(key, fallback);
        }

        <T> T parse(String key, String fallback, Function<String, T> parser) {
            try {
                return parser.apply(get(key, fallback));
            } catch (IllegalArgumentException e) {
                throw new InvalidSetting(key, e.getMessage());
            }
        }

        long positiveLong(String key, long fallback) {
            String v = get(key, Long.toString(fallback));
            try {
                long n = Long.parseLong(v.trim());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below with the key's name
            }
            throw new InvalidSetting(key, "'" + key + "' must be a positive number of bytes, got '" + v + "'");
        }

        int integer(String key, int fallback) {
            String v = get(key, Integer.toString(fallback));
            try {
                int n = Integer.parseInt(v.trim());
                if (n > 0 || (n == 0 && ZERO_ALLOWED.contains(key))) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below with the key's name
            }
            throw new InvalidSetting(key, "'" + key + "' must be a " + (ZERO_ALLOWED.contains(key) ? "non-negative"
                    : "positive") + " integer, got '" + v + "'");
        }
    }
}
