package io.velostream.benchmarks;

import io.velostream.engine.app.ApplicationCompiler;
import io.velostream.engine.app.PreparedApplication;
import io.velostream.engine.io.ConnectorFactory;
import io.velostream.engine.io.Connectors;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.io.memory.MemoryReader;
import io.velostream.engine.job.Job;
import io.velostream.engine.job.JobRunner;
import io.velostream.engine.record.StreamRecord;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Compiles a query and runs it through the real job loop (read batch → operators → write →
 * commit) on the caller's thread: 'memory' endpoints over records held in memory — each source
 * or table by its name — and a sink that only counts, so the figure is the engine's and not the
 * I/O's.
 */
public final class MemoryJob {
    private final Job job;
    private final CountingWriter sink;

    private MemoryJob(Job job, CountingWriter sink) {
        this.job = job;
        this.sink = sink;
    }

    /**
     * Compiles {@code query}: a table side (declared with {@code '<name>.primary_key'} in
     * {@code extraOptions}) is loaded here, before {@link #run}.
     *
     * @param query        a SELECT over the endpoints of {@code sources}, up to (not including) INTO
     * @param extraOptions further WITH entries ({@code "'k' = 'v', "}), or empty
     * @param sources      the records of each endpoint the query reads, by endpoint name
     */
    public static MemoryJob prepare(String query, String extraOptions, Map<String, List<StreamRecord>> sources) {
        Map<String, Supplier<DataReader>> readers = new HashMap<>();
        sources.forEach((name, records) -> readers.put(name, () -> new MemoryReader(records)));
        return prepare(query, extraOptions, readers, new CountingWriter());
    }

    /**
     * Compiles {@code query} over the readers {@code sources} open, by endpoint name, into {@code sink}.
     *
     * @param sink counts what it is written, so {@link #run} can return it
     */
    public static MemoryJob prepare(String query, String extraOptions, Map<String, Supplier<DataReader>> sources,
                                    CountingWriter sink) {
        Connectors connectors = Connectors.builtIn().register(new ConnectorFactory() {
            @Override
            public String type() {
                return "memory";
            }

            @Override
            public DataReader openReader(EndpointSpec spec) {
                Supplier<DataReader> reader = sources.get(spec.name());
                if (reader == null) {
                    throw new IllegalArgumentException("no memory records for endpoint '" + spec.name() + "'");
                }
                return reader.get();
            }

            @Override
            public DataWriter openWriter(EndpointSpec spec) {
                return sink;
            }
        });
        StringBuilder with = new StringBuilder(extraOptions);
        sources.keySet().forEach(name -> with.append('\'').append(name).append(".type' = 'memory', "));
        String app = query + " INTO sink WITH (" + with + "'sink.type' = 'memory', 'batch.size' = '1000')";
        PreparedApplication prepared = ApplicationCompiler.withBuiltins(connectors)
                .prepare(app, new ApplicationCompiler.Options(Path.of("."), null, Map.of()));
        return new MemoryJob(prepared.nextJob(), sink);
    }

    /** Compiles and runs a query over {@code test_stream}; returns the number of records written. */
    public static long run(String query, String extraOptions, List<StreamRecord> records) {
        return prepare(query, extraOptions, Map.of("test_stream", records)).run();
    }

    /** The compiled job: its operators, for a benchmark that drives them itself. */
    public Job job() {
        return job;
    }

    /** Runs the job to the end of its inputs (once); returns what the sink counted (records, unless it counts otherwise). */
    public long run() {
        new JobRunner().run(job);
        return sink.count;
    }

    /** Counts the records it is given and keeps nothing, so the sink costs no more than a call. */
    public static class CountingWriter implements DataWriter {
        protected long count;

        @Override
        public void write(List<StreamRecord> batch) throws IOException {
            count += batch.size();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
