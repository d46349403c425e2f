package io.velostream.engine.app;

import io.velostream.engine.internal.sql.ast.Application;
import io.velostream.engine.internal.sql.ast.Statement;
import io.velostream.engine.sql.SqlError;

import java.util.ArrayList;
import java.util.List;

/** A checked application: one job per statement, named in file order, and the warnings found. */
public final class CompiledApplication {
    private final Application application;
    private final List<String> jobNames;
    private final List<SqlError> warnings;
    private final List<JobPlan> plans;

    CompiledApplication(Application application, List<String> jobNames, List<SqlError> warnings, List<JobPlan> plans) {
        this.application = application;
        this.jobNames = jobNames;
        this.warnings = warnings;
        this.plans = plans;
    }

    /** One statement's job: its name, its SQL text and the sink it writes ({@code stdout} for a plain SELECT). */
    public record JobStatement(String name, String sql, String sink) {
    }

    public List<String> jobNames() {
        return jobNames;
    }

    public List<SqlError> warnings() {
        return warnings;
    }

    /** The jobs in file order. */
    public List<JobStatement> jobs() {
        List<Statement> statements = application.statements();
        List<JobStatement> jobs = new ArrayList<>(statements.size());
        for (int i = 0; i < statements.size(); i++) {
            Statement st = statements.get(i);
            jobs.add(new JobStatement(jobNames.get(i), st.text(), st.target() == null ? "stdout" : st.target()));
        }
        return jobs;
    }

    /**
     * What each job would do, in file order: its operators, state and the topics it reads, writes
     * and creates (docs/cli.md#validate), as the check found it, without opening a sink.
     */
    public List<JobPlan> explain() {
        return plans;
    }

    Application application() {
        return application;
    }
}
