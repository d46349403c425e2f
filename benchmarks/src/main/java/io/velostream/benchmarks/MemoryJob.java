package io.velostream.benchmarks;

import io.velostream.engine.app.ApplicationCompiler;
import io.velostream.engine.app.PreparedApplication;
import io.velostream.engine.io.ConnectorFactory;
import io.velostream.engine.io.Connectors;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.io.memory.MemoryReader;
import io.velostream.engine.job.JobRunner;
import io.velostream.engine.record.StreamRecord;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Compiles a query over {@code test_stream} and runs it through the real job loop (read batch →
 * operators → write → commit) on the caller's thread: a 'memory' source over records held in
 * memory and a sink that only counts, so the figure is the engine's and not the I/O's.
 */
public final class MemoryJob {
    private MemoryJob() {
    }

    /**
     * @param query        a SELECT over {@code test_stream}, up to (not including) INTO
     * @param extraOptions further WITH entries ({@code "'k' = 'v', "}), or empty
     * @return the number of records written to the sink
     */
    public static long run(String query, String extraOptions, List<StreamRecord> records) {
        CountingWriter sink = new CountingWriter();
        Connectors connectors = Connectors.builtIn().register(new ConnectorFactory() {
            @Override
            public String type() {
                return "memory";
            }

            @Override
            public DataReader openReader(EndpointSpec spec) {
                return new MemoryReader(records);
            }

            @Override
            public DataWriter openWriter(EndpointSpec spec) {
                return sink;
            }
        });
        String app = query + " INTO sink WITH (" + extraOptions
                + "'test_stream.type' = 'memory', 'sink.type' = 'memory', 'batch.size' = '1000')";
        PreparedApplication prepared = ApplicationCompiler.withBuiltins(connectors)
                .prepare(app, new ApplicationCompiler.Options(Path.of("."), null, Map.of()));
        new JobRunner().run(prepared.nextJob());
        return sink.count;
    }

    /** Counts what it is given and keeps nothing, so the sink costs no more than a call. */
    private static final class CountingWriter implements DataWriter {
        long count;

        @Override
        public void write(List<StreamRecord> batch) {
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
