package io.velostream.engine.app;

import io.velostream.engine.internal.sql.compile.ExpressionCompiler;
import io.velostream.engine.function.FunctionContext;
import io.velostream.engine.function.FunctionRegistry;
import io.velostream.engine.internal.function.builtin.BuiltinFunctions;
import io.velostream.engine.function.ScalarFunction;
import io.velostream.engine.function.aggregate.AggregateFunction;
import io.velostream.engine.function.aggregate.AggregateRegistry;
import io.velostream.engine.io.Connectors;
import io.velostream.engine.io.kafka.KafkaConnectors;
import io.velostream.engine.sql.Diagnostics;
import io.velostream.engine.sql.SqlException;
import io.velostream.engine.internal.sql.ast.Application;
import io.velostream.engine.internal.sql.parse.SqlParser;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Compiles a {@code .sql} application into jobs: parses it, resolves each statement's job
 * settings (annotation, then WITH, then the given defaults), opens its sources (a source's schema
 * is needed to resolve columns) and its sink, and plans its query ({@link StatementCompiler}).
 * Every error of every statement is collected and thrown together, each with its line and column.
 */
public final class ApplicationCompiler {
    /**
     * @param baseDir    relative file paths resolve against it (the .sql file's folder)
     * @param sourceName the file name shown in errors, or null for inline SQL
     * @param defaults   the service's configuration of job keys (precedence: docs/sql.md#sources-and-sinks-with), may be empty; like job-level
     *                   WITH keys they also reach every endpoint ({@code bootstrap.servers}), below WITH
     * @param jobDefaults per job name, job keys that override {@code defaults} for that job, may be empty
     * @param defaultSourceType the type of a source that declares none (a Spring service: {@code kafka_source}), or null
     * @param defaultSinkType   the type of a sink that declares none, or null
     */
    public record Options(Path baseDir, String sourceName, Map<String, String> defaults,
                          Map<String, Map<String, String>> jobDefaults, String defaultSourceType,
                          String defaultSinkType) {
        /** Options where every endpoint declares its type and every job shares the defaults. */
        public Options(Path baseDir, String sourceName, Map<String, String> defaults) {
            this(baseDir, sourceName, defaults, Map.of(), null, null);
        }

        /** The defaults of job {@code name}: its own keys over the shared ones. */
        Map<String, String> defaultsFor(String name) {
            Map<String, String> own = jobDefaults.get(name);
            if (own == null || own.isEmpty()) {
                return defaults;
            }
            Map<String, String> merged = new HashMap<>(defaults);
            merged.putAll(own);
            return merged;
        }
    }

    private final Connectors endpoints;
    private final Function<String, ScalarFunction> functions;
    private final Function<String, AggregateFunction> aggregates;
    private final FunctionContext functionContext;

    public ApplicationCompiler(Connectors endpoints, Function<String, ScalarFunction> functions,
                               Function<String, AggregateFunction> aggregates, FunctionContext functionContext) {
        this.endpoints = endpoints;
        this.functions = functions;
        this.aggregates = aggregates;
        this.functionContext = functionContext;
    }

    /**
     * A compiler with the built-in connectors (files, stdout, Kafka) and functions, and user
     * functions found by ServiceLoader.
     */
    public static ApplicationCompiler withBuiltins() {
        return withBuiltins(KafkaConnectors.register(Connectors.builtIn()));
    }

    /** A new registry of the built-in scalar functions (docs/functions.md), to which user functions may be added. */
    public static FunctionRegistry builtinFunctions() {
        return BuiltinFunctions.registry();
    }

    /** A compiler over the given connectors, with the built-in functions and user functions found by ServiceLoader. */
    public static ApplicationCompiler withBuiltins(Connectors connectors) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        FunctionRegistry registry = builtinFunctions().withServiceLoader(loader);
        AggregateRegistry aggregateRegistry = AggregateRegistry.load(loader);
        return new ApplicationCompiler(connectors, name -> registry.find(name).orElse(null),
                name -> aggregateRegistry.find(name).orElse(null), FunctionContext.system());
    }

    /**
     * Checks an application without side effects: every statement is analysed, sources are
     * opened only to learn their schema (a source that an earlier statement writes takes that
     * statement's output schema), sinks are not touched.
     *
     * @throws SqlException with every error found
     */
    public CompiledApplication check(String text, Options options) {
        Application app = SqlParser.parseApplication(text, options.sourceName());
        Diagnostics diagnostics = new Diagnostics(options.sourceName(), text);
        StatementCompiler session = new StatementCompiler(this, options, diagnostics, true, applicationName(app, options));
        try {
            app.statements().forEach(st -> session.compile(st).forEach(job -> job.apply(1)));
        } finally {
            session.closeAll();
        }
        diagnostics.throwIfErrors();
        return new CompiledApplication(app, List.copyOf(session.jobs), Set.copyOf(session.repartitions), diagnostics.warnings(),
                List.copyOf(session.plans));
    }

    /**
     * Checks an application, then returns it ready to compile its jobs one at a time, in file
     * order: a job is compiled (its sources and sink opened) only when the ones before it have
     * run, so it can read what they wrote.
     *
     * @throws SqlException with every error the check found
     */
    public PreparedApplication prepare(String text, Options options) {
        CompiledApplication checked = check(text, options);
        StatementCompiler session = new StatementCompiler(this, options, new Diagnostics(options.sourceName(), text),
                false, applicationName(checked.application(), options));
        return new PreparedApplication(checked, session::compileOrThrow);
    }

    /**
     * The application's name for ids that must stay the same across restarts (transactional ids):
     * its header ({@code @app}, {@code -- SQL Application:}), else the file name without extension.
     */
    private static String applicationName(Application app, Options options) {
        String name = app.header().get("app");
        if (name == null) {
            name = app.header().get("SQL Application");
        }
        if (name == null && options.sourceName() != null) {
            name = options.sourceName().replaceFirst("\\.sql$", "");
        }
        return name == null || name.isBlank() ? "velostream" : name.trim().replaceAll("\\s+", "_");
    }

    Connectors connectors() {
        return endpoints;
    }

    Function<String, AggregateFunction> aggregates() {
        return aggregates;
    }

    ExpressionCompiler expressionCompiler(Diagnostics diagnostics) {
        return new ExpressionCompiler(functions, aggregates, functionContext, diagnostics);
    }
}
