package io.velostream.engine.app;

import io.velostream.engine.job.Job;
import io.velostream.engine.sql.SqlError;
import io.velostream.engine.internal.sql.ast.Statement;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * A checked application whose jobs are compiled one statement at a time, in file order, each when
 * the jobs before it have run (so it can read what they wrote). A repartitioned GROUP BY, DISTINCT or OVER is two
 * jobs (docs/scaling.md#repartition): the repartition, which {@link #feedsNextJob} says runs beside
 * the aggregation that follows it rather than before it.
 *
 * @see ApplicationCompiler#prepare
 */
public final class PreparedApplication {
    private final CompiledApplication checked;
    private final Function<Statement, List<IntFunction<Job>>> compiler;
    /** The jobs of the last statement that were not compiled yet. */
    private final Deque<IntFunction<Job>> compiled = new ArrayDeque<>();
    /** Compiles the job {@link #nextJob} returned last again, for another thread. */
    private IntFunction<Job> last;
    private int next;
    private int handedOut;

    PreparedApplication(CompiledApplication checked, Function<Statement, List<IntFunction<Job>>> compiler) {
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
        return !compiled.isEmpty() || next < checked.application().statements().size();
    }

    /**
     * Compiles the next job, opening its sources and sink: the copy of its first processing thread.
     *
     * @throws io.velostream.engine.sql.SqlException when it no longer compiles (a file it reads is gone)
     * @throws java.util.NoSuchElementException when every job was compiled
     */
    public Job nextJob() {
        if (!hasNextJob()) {
            throw new java.util.NoSuchElementException("every job of the application was compiled");
        }
        if (compiled.isEmpty()) {
            compiled.addAll(compiler.apply(checked.application().statements().get(next++)));
        }
        handedOut++;
        last = compiled.poll();
        return last.apply(1);
    }

    /**
     * The other copies of the job {@link #nextJob} returned last, one per processing thread beyond the first
     * ({@code threads}, docs/scaling.md#threads), each compiled again with sources and sink of its own: its
     * consumer joins the same group, its transactional producer has an id of its own. Empty for one thread.
     *
     * @throws io.velostream.engine.sql.SqlException when it no longer compiles
     */
    public List<Job> otherThreads(Job first) {
        List<Job> others = new ArrayList<>();
        for (int thread = 2; thread <= first.context().config().threads(); thread++) {
            others.add(last.apply(thread));
        }
        return others;
    }

    /**
     * Whether the job {@link #nextJob} returned last writes a repartition topic that the next job
     * reads: the two run at the same time, the next one to its end, then this one is stopped.
     */
    public boolean feedsNextJob() {
        return handedOut > 0 && checked.isRepartition(checked.jobs().get(handedOut - 1).name());
    }
}
