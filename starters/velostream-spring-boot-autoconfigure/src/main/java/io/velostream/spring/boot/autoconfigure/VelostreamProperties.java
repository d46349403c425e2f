package io.velostream.spring.boot.autoconfigure;

import io.velostream.engine.job.JobSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The service's Velostream settings. Kafka connection and security are not here: they come from
 * {@code spring.kafka.*}. Precedence per job (docs/sql.md#sources-and-sinks-with): {@code @} annotation, then WITH, then
 * {@code velostream.jobs.<name>.*}, then the {@code velostream.*} defaults.
 */
@ConfigurationProperties("velostream")
public class VelostreamProperties {
    // Field comments become the IDE's property descriptions (spring-configuration-metadata.json): plain text, no tags.

    /** Processing mode of every job that sets none. */
    private Mode mode = Mode.SIMPLE;

    /**
     * The SQL application: inline SQL, or comma-separated resource locations starting with
     * classpath:, classpath*: or file: (patterns such as classpath:sql/*.sql are allowed; files
     * run in name order).
     */
    private String sql;

    /**
     * Names this service: the prefix of its sources' consumer group ids, which are the
     * application id, the job and the source joined by '-'. Defaults to spring.application.name,
     * else "velostream".
     */
    private String applicationId;

    /**
     * Names this instance (replica) of the service: the last part of its transactional ids, which
     * must differ between replicas. Defaults to the HOSTNAME environment variable (a pod's name),
     * else an id made at start. See docs/scaling.md.
     */
    private String instanceId;

    /**
     * The base URL of this instance's actuator endpoints as the other instances reach it
     * (http://orders-0.orders:8080/actuator): exchanged through the consumer groups so that an instance
     * asked for state of a task it does not run forwards the query to the owner. Unset: queries are
     * answered only for the tasks of the instance asked. See docs/scaling.md#interactive-queries.
     */
    private String advertisedUrl;

    /** The service's schema registry (velostream.schema-registry.url). */
    private final SchemaRegistry schemaRegistry = new SchemaRegistry();

    /** Where every job keeps its operators' state (velostream.state.store, .dir, .cache-max-bytes). */
    private final State state = new State();

    /** Per-job overrides, by job name (@name, or the stream name of CREATE STREAM). */
    private Map<String, Job> jobs = new LinkedHashMap<>();

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public String getSql() {
        return sql;
    }

    public void setSql(String sql) {
        this.sql = sql;
    }

    public String getApplicationId() {
        return applicationId;
    }

    public void setApplicationId(String applicationId) {
        this.applicationId = applicationId;
    }

    public String getAdvertisedUrl() {
        return advertisedUrl;
    }

    public void setAdvertisedUrl(String advertisedUrl) {
        this.advertisedUrl = advertisedUrl;
    }

    public String getInstanceId() {
        return instanceId;
    }

    public void setInstanceId(String instanceId) {
        this.instanceId = instanceId;
    }

    public SchemaRegistry getSchemaRegistry() {
        return schemaRegistry;
    }

    public State getState() {
        return state;
    }

    public Map<String, Job> getJobs() {
        return jobs;
    }

    public void setJobs(Map<String, Job> jobs) {
        this.jobs = jobs;
    }

    /** The commit protocol of a job (docs/sql.md#processing-modes). */
    public enum Mode {
        /** At-least-once: write, flush, then commit the input offsets. */
        SIMPLE,
        /** Exactly-once: output and input offsets in one Kafka transaction per batch. */
        TRANSACTIONAL
    }

    /** The kind of state store (docs/scaling.md#stores). */
    public enum Store {
        /** On the heap, rebuilt from the changelogs at each start. */
        MEMORY,
        /** In RocksDB on local disk with a cache of live values, restored from the changelog tail after its checkpoint. */
        ROCKSDB
    }

    /** Where operator state lives (docs/scaling.md#stores). */
    public static class State {
        /** memory (default) or rocksdb. */
        private Store store;

        /**
         * The directory of RocksDB stores, each in <dir>/<application>/<job>/<task partition>/<store>; default
         * velostream-state in the temporary directory. Mount a volume here to keep state across pod restarts.
         */
        private String dir;

        /** The bound of each RocksDB store's cache of live values (per store and task); default 16MB. */
        private DataSize cacheMaxBytes;

        public Store getStore() {
            return store;
        }

        public void setStore(Store store) {
            this.store = store;
        }

        public String getDir() {
            return dir;
        }

        public void setDir(String dir) {
            this.dir = dir;
        }

        public DataSize getCacheMaxBytes() {
            return cacheMaxBytes;
        }

        public void setCacheMaxBytes(DataSize cacheMaxBytes) {
            this.cacheMaxBytes = cacheMaxBytes;
        }

        /** The job keys ({@code state.*}) these set. */
        void putKeys(Map<String, String> keys) {
            if (store != null) {
                keys.put(JobSettings.STATE_STORE, store.name().toLowerCase());
            }
            if (dir != null) {
                keys.put(JobSettings.STATE_DIR, dir);
            }
            if (cacheMaxBytes != null) {
                keys.put(JobSettings.STATE_CACHE_MAX_BYTES, Long.toString(cacheMaxBytes.toBytes()));
            }
        }
    }

    /** The service's schema registry. */
    public static class SchemaRegistry {
        /**
         * The registry's Confluent-compatible API, for every Kafka source and sink that names none:
         * fills their 'schema.registry.url' option, so 'format' = 'avro' reads and writes the registry's
         * wire format. See docs/formats.md#schema-registry.
         */
        private String url;

        /**
         * 'user:password' for the registry's HTTP basic auth, for every Kafka source and sink that takes the
         * service's registry: fills their 'schema.registry.basic.auth.user.info' option. Masked like other secrets.
         */
        private String basicAuthUserInfo;

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getBasicAuthUserInfo() {
            return basicAuthUserInfo;
        }

        public void setBasicAuthUserInfo(String basicAuthUserInfo) {
            this.basicAuthUserInfo = basicAuthUserInfo;
        }
    }

    /** Settings of one job, overriding the service-wide ones. */
    public static class Job {
        /** Processing mode of this job. */
        private Mode mode;

        /** Records per batch. */
        private Integer batchSize;

        /** How long one read waits for records. */
        private Duration batchTimeout;

        /** Batches of this long are committed together (0: each batch); default 0 simple, 100ms transactional. */
        private Duration commitInterval;

        /** What a record error does: LogAndContinue, SendToDLQ, FailBatch or RetryWithBackoff. */
        private String failureStrategy;

        /** The dead-letter topic of SendToDLQ. */
        private String dlqTopic;

        /**
         * Processing threads of this job per instance, each a copy with its own consumer (same group), producer
         * and tasks, like Kafka Streams' num.stream.threads; default 1. Only for jobs that could run on several
         * replicas. See docs/scaling.md#threads.
         */
        private Integer threads;

        /** Whether the job runs; a disabled job is still checked at startup. */
        private boolean enabled = true;

        /** Where this job keeps its operators' state, overriding velostream.state.*. */
        private final State state = new State();

        public State getState() {
            return state;
        }

        public Mode getMode() {
            return mode;
        }

        public void setMode(Mode mode) {
            this.mode = mode;
        }

        public Integer getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(Integer batchSize) {
            this.batchSize = batchSize;
        }

        public Duration getBatchTimeout() {
            return batchTimeout;
        }

        public void setBatchTimeout(Duration batchTimeout) {
            this.batchTimeout = batchTimeout;
        }

        public Duration getCommitInterval() {
            return commitInterval;
        }

        public void setCommitInterval(Duration commitInterval) {
            this.commitInterval = commitInterval;
        }

        public String getFailureStrategy() {
            return failureStrategy;
        }

        public void setFailureStrategy(String failureStrategy) {
            this.failureStrategy = failureStrategy;
        }

        public String getDlqTopic() {
            return dlqTopic;
        }

        public void setDlqTopic(String dlqTopic) {
            this.dlqTopic = dlqTopic;
        }

        public Integer getThreads() {
            return threads;
        }

        public void setThreads(Integer threads) {
            this.threads = threads;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
