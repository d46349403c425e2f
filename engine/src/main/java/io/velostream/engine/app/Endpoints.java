package io.velostream.engine.app;

import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.io.kafka.KafkaConnectors;
import io.velostream.engine.record.RecordErrorHandler;
import io.velostream.engine.record.Schema;
import io.velostream.engine.sql.Diagnostics;
import io.velostream.engine.internal.sql.ast.Query;
import io.velostream.engine.internal.sql.ast.Statement;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Resolves a statement's endpoints from its WITH clause: which keys belong to the job and which to
 * one endpoint ({@code <name>.<key>}), and each source's and sink's type and options. Remembers the
 * sinks of earlier statements, so a later FROM can read what they wrote.
 */
final class Endpoints {
    private final ApplicationCompiler.Options options;
    private final Diagnostics diagnostics;
    /** Sinks of earlier statements by lower-case name. */
    private final Map<String, Produced> sinks = new HashMap<>();

    /** A sink an earlier statement writes, and the schema of what it writes. */
    record Produced(EndpointSpec spec, Schema schema) {
    }

    Endpoints(ApplicationCompiler.Options options, Diagnostics diagnostics) {
        this.options = options;
        this.diagnostics = diagnostics;
    }

    /**
     * Every endpoint the statement names: FROM, JOIN, its target, and any name WITH gives a connector type
     * (tables of subqueries). A {@code .type} key whose value is no connector type is a client property
     * ({@code ssl.truststore.type}, {@code compression.type}) and stays with the job.
     *
     * @param connectorTypes the types of the registry
     */
    static Set<String> names(Statement st, List<Query.Select> branches, Map<String, String> with,
                             Set<String> connectorTypes) {
        Set<String> names = new LinkedHashSet<>();
        for (Query.Select b : branches) {
            names.add(b.from().name());
            b.joins().forEach(j -> names.add(j.right().name()));
        }
        if (st.target() != null) {
            names.add(st.target());
        }
        for (Map.Entry<String, String> e : with.entrySet()) {
            String key = e.getKey();
            String type = e.getValue().toLowerCase(Locale.ROOT);
            if (key.toLowerCase(Locale.ROOT).endsWith(".type") && key.length() > 5
                    && (connectorTypes.contains(type) || type.equals(Tables.KAFKA_TABLE))) {
                names.add(key.substring(0, key.length() - 5));
            }
        }
        return names;
    }

    /** The keys that belong to the job, not to one endpoint: the service's defaults, overridden by WITH. */
    Map<String, String> jobKeys(String job, Map<String, String> with, Set<String> endpointNames) {
        Map<String, String> keys = new LinkedHashMap<>(options.defaultsFor(job));
        for (Map.Entry<String, String> e : with.entrySet()) {
            if (endpointNames.stream().noneMatch(n -> ownKey(e.getKey(), n))) {
                keys.put(e.getKey(), e.getValue());
            }
        }
        return keys;
    }

    /** The options of endpoint {@code name}: job-level keys, overridden by its own {@code name.*} keys. */
    static Map<String, String> options(String name, Map<String, String> with, Map<String, String> jobKeys) {
        Map<String, String> opts = new LinkedHashMap<>(jobKeys);
        for (Map.Entry<String, String> e : with.entrySet()) {
            if (ownKey(e.getKey(), name)) {
                opts.put(e.getKey().substring(name.length() + 1), e.getValue());
            }
        }
        return opts;
    }

    /** Whether {@code key} is {@code <name>.<something>}, the name in any case. */
    static boolean ownKey(String key, String name) {
        return name != null && key.length() > name.length() + 1 && key.charAt(name.length()) == '.'
                && key.regionMatches(true, 0, name, 0, name.length());
    }

    /**
     * The source {@code from}: the type WITH gives it, else a file an earlier statement wrote,
     * else the service's default source type; null (an error reported) when it has none, or for a subquery.
     */
    EndpointSpec source(Query.Source from, Map<String, String> with, Map<String, String> jobKeys,
                        RecordErrorHandler errors) {
        if (from.subquery() != null) {
            return null;
        }
        Map<String, String> opts = options(from.name(), with, jobKeys);
        String type = opts.remove("type");
        if (type != null) {
            return spec(from.name(), type.toLowerCase(Locale.ROOT), opts, errors);
        }
        Produced produced = producedBy(from.name());
        if (produced != null && produced.spec().type().equals("file_sink")) {
            Map<String, String> o = new LinkedHashMap<>(produced.spec().options());
            o.remove("append");
            o.putAll(opts);
            return spec(from.name(), "file_source", o, errors);
        }
        if (options.defaultSourceType() != null) {
            return spec(from.name(), options.defaultSourceType(), opts, errors);
        }
        diagnostics.error(from.pos(), "source '" + from.name() + "' has no type: declare it in WITH, e.g. '"
                + from.name() + ".type' = 'file_source', '" + from.name() + ".path' = '" + from.name() + ".csv'");
        return null;
    }

    /** Whether {@code from} is a {@code kafka_source}, by its WITH type or else the default source type; says nothing. */
    boolean isKafkaSource(Query.Source from, Map<String, String> with, Map<String, String> jobKeys) {
        if (from.subquery() != null) {
            return false;
        }
        String type = options(from.name(), with, jobKeys).get("type");
        if (type == null && producedBy(from.name()) == null) {
            type = options.defaultSourceType();
        }
        return type != null && type.toLowerCase(Locale.ROOT).equals(KafkaConnectors.SOURCE_TYPE);
    }

    /** The statement's sink: stdout without a target, else its WITH type or the default sink type; null (reported) when none. */
    EndpointSpec sink(Statement st, Map<String, String> with, Map<String, String> jobKeys, RecordErrorHandler errors) {
        if (st.target() == null) {
            return spec("stdout", "stdout", new LinkedHashMap<>(jobKeys), errors);
        }
        Map<String, String> opts = options(st.target(), with, jobKeys);
        String type = opts.remove("type");
        if (type == null) {
            type = options.defaultSinkType();
        }
        if (type == null) {
            diagnostics.error(st.pos(), "sink '" + st.target() + "' has no type: declare it in WITH, e.g. '"
                    + st.target() + ".type' = 'file_sink', '" + st.target() + ".path' = '" + st.target() + ".csv'");
            return null;
        }
        return spec(st.target(), type.toLowerCase(Locale.ROOT), opts, errors);
    }

    EndpointSpec spec(String name, String type, Map<String, String> opts, RecordErrorHandler errors) {
        return new EndpointSpec(name, type, opts, options.baseDir(), errors);
    }

    /** Records that a statement writes {@code sink} with {@code schema}, for later statements reading it. */
    void produced(EndpointSpec sink, Schema schema) {
        sinks.put(sink.name().toLowerCase(Locale.ROOT), new Produced(sink, schema));
    }

    /** The sink of that name an earlier statement writes, or null. */
    Produced producedBy(String name) {
        return sinks.get(name.toLowerCase(Locale.ROOT));
    }
}
