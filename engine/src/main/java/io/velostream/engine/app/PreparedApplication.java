package io.velostream.engine.app;

import io.velostream.engine.job.Job;
import io.velostream.engine.sql.SqlError;
import io.velostream.engine.internal.sql.ast.Statement;

import java.util.List;
import java.util.function.Function;

/**
 * A checked application whose jobs are compiled one at a time, in file order, each when the jobs
 * before it have run (so it can read what they wrote).
 *
 * @see ApplicationCompiler#prepare
 */
public final class PreparedApplication {
    private final CompiledApplication checked;
    private final Function<Statement, Job> compiler;
    private int next;

    PreparedApplication(CompiledApplication checked, Function<Statement, Job> compiler) {
        this.checked = checked;
        this.compiler = compiler;
    }

    public List<String> jobNames() {
        return checked.jobNames();
    }

    public List<SqlError> warnings() {
        return checked.warnings();
    }

    public boolean hasNextJob() {
        return next < checked.application().statements().size();
    }

    /**
     * Compiles the next statement's job, opening its sources and sink.
     *
     * @throws io.velostream.engine.sql.SqlException when it no longer compiles (a file it reads is gone)
     * @throws java.util.NoSuchElementException when every job was compiled
     */
    public Job nextJob() {
        if (!hasNextJob()) {
            throw new java.util.NoSuchElementException("every job of the application was compiled");
        }
        return compiler.apply(checked.application().statements().get(next++));
    }
}
