package io.velostream.engine.app;

import io.velostream.engine.internal.sql.ast.Application;
import io.velostream.engine.sql.SqlError;

import java.util.List;
import java.util.Set;

/**
 * A checked application: its jobs in run order, one per statement or two for a repartitioned GROUP BY,
 * DISTINCT or OVER (docs/scaling.md#repartition), and the warnings found.
 */
public final class CompiledApplication {
    private final Application application;
    private final List<JobStatement> jobs;
    /** The jobs that write a repartition topic for the job after them. */
    private final Set<String> repartitions;
    private final List<SqlError> warnings;
    private final List<JobPlan> plans;

    CompiledApplication(Application application, List<JobStatement> jobs, Set<String> repartitions,
                        List<SqlError> warnings, List<JobPlan> plans) {
        this.application = application;
        this.jobs = jobs;
        this.repartitions = repartitions;
        this.warnings = warnings;
        this.plans = plans;
    }

    /**
     * One job: its name, its statement's SQL text and the sink it writes ({@code stdout} for a plain
     * SELECT; the repartition topic for the repartition of a GROUP BY).
     */
    public record JobStatement(String name, String sql, String sink) {
    }

    /** The number of statements (a repartitioned GROUP BY is one statement, two jobs). */
    public int statementCount() {
        return application.statements().size();
    }

    /** The job names in run order. */
    public List<String> jobNames() {
        return jobs.stream().map(JobStatement::name).toList();
    }

    public List<SqlError> warnings() {
        return warnings;
    }

    /** The jobs in run order: file order, a repartition before the aggregation it feeds. */
    public List<JobStatement> jobs() {
        return jobs;
    }

    /**
     * What each job would do, in file order: its operators, state and the topics it reads, writes
     * and creates (docs/cli.md#validate), as the check found it, without opening a sink.
     */
    public List<JobPlan> explain() {
        return plans;
    }

    /** Whether job {@code name} is the repartition of the job after it (docs/scaling.md#repartition). */
    boolean isRepartition(String name) {
        return repartitions.contains(name);
    }

    Application application() {
        return application;
    }
}
