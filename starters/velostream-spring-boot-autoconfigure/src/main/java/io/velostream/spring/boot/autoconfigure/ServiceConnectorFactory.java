package io.velostream.spring.boot.autoconfigure;

import io.velostream.engine.io.ConnectorFactory;
import io.velostream.engine.io.Connectors;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;
import org.springframework.beans.factory.ListableBeanFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Wraps a connector type of a registry for the service: a {@link DataReader} or {@link DataWriter} bean named like
 * the endpoint replaces what the SQL declares, and the service's client options (from
 * {@code spring.kafka.*}) are added under the endpoint's own WITH options.
 */
final class ServiceConnectorFactory implements ConnectorFactory {
    private final String type;
    private final Connectors delegate;
    private final Map<String, String> readerOptions;
    private final Map<String, String> writerOptions;
    private final String groupIdPrefix;
    private final ListableBeanFactory beans;

    /**
     * The job whose endpoints the compiling thread opens: a source's consumer group is per job and
     * source, so two jobs reading one topic each see all of it.
     */
    static final ThreadLocal<String> COMPILING_JOB = new ThreadLocal<>();

    /** @param groupIdPrefix a source's default consumer group is {@code <prefix>-<job>-<source>}; null: no group */
    ServiceConnectorFactory(String type, Connectors delegate, Map<String, String> readerOptions,
                            Map<String, String> writerOptions, String groupIdPrefix, ListableBeanFactory beans) {
        this.type = type;
        this.delegate = delegate;
        this.groupIdPrefix = groupIdPrefix;
        this.readerOptions = readerOptions;
        this.writerOptions = writerOptions;
        this.beans = beans;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public DataReader openReader(EndpointSpec spec) throws IOException {
        if (beans.containsBean(spec.name()) && beans.isTypeMatch(spec.name(), DataReader.class)) {
            return new BeanReader(beans.getBean(spec.name(), DataReader.class));
        }
        Map<String, String> service = new LinkedHashMap<>();
        if (groupIdPrefix != null) {
            String job = COMPILING_JOB.get();
            service.put("group.id", groupIdPrefix + "-" + (job == null ? "" : job + "-") + spec.name());
        }
        service.putAll(readerOptions);
        return delegate.openReader(withOptions(spec, service));
    }

    @Override
    public DataWriter openWriter(EndpointSpec spec) throws IOException {
        if (beans.containsBean(spec.name()) && beans.isTypeMatch(spec.name(), DataWriter.class)) {
            return new BeanWriter(beans.getBean(spec.name(), DataWriter.class));
        }
        return delegate.openWriter(withOptions(spec, writerOptions));
    }

    private static EndpointSpec withOptions(EndpointSpec spec, Map<String, String> service) {
        if (service.isEmpty()) {
            return spec;
        }
        Map<String, String> options = new LinkedHashMap<>(service);
        options.putAll(spec.options());
        return new EndpointSpec(spec.name(), spec.type(), options, spec.baseDir(), spec.errors());
    }

    /** A reader bean outlives the jobs that use it: Spring closes it, not a stopping job. */
    private record BeanReader(DataReader bean) implements DataReader {
        @Override
        public Schema schema() {
            return bean.schema();
        }

        @Override
        public boolean read(List<StreamRecord> batch, int max) throws IOException {
            return bean.read(batch, max);
        }

        @Override
        public boolean isBounded() {
            return bean.isBounded();
        }

        @Override
        public void commit() throws IOException {
            bean.commit();
        }

        @Override
        public void close() {
        }
    }

    /** A writer bean outlives the jobs that use it: Spring closes it, not a stopping job. */
    private record BeanWriter(DataWriter bean) implements DataWriter {
        @Override
        public void write(List<StreamRecord> batch) throws IOException {
            bean.write(batch);
        }

        @Override
        public void flush() throws IOException {
            bean.flush();
        }

        @Override
        public void close() {
        }
    }
}
