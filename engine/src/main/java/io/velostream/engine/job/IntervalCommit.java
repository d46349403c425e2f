package io.velostream.engine.job;

import io.velostream.engine.io.DataReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What both modes share: the batches of one commit interval ({@code commit.interval} ms; 0: every
 * batch on its own) become durable together, so a commit's round trips are paid once per interval,
 * not per batch. An input that ends, and a stop, commit at once. An abort rolls the state back to
 * the last commit and rewinds every input with batches since then, which are read again.
 */
abstract class IntervalCommit implements CommitProtocol {
    private final long intervalNanos;
    /** The inputs with batches since the last commit, in the order they came. */
    private final List<DataReader> pending = new ArrayList<>();
    private long openedAt;

    IntervalCommit(long intervalMillis) {
        this.intervalNanos = intervalMillis * 1_000_000;
    }

    /** Makes every pending batch durable: output, dead letters, state changes, the inputs' offsets. */
    abstract void commitNow(Job job, List<DataReader> inputs) throws IOException;

    /** Discards what can be discarded of the pending batches (a transaction), before the rewind. */
    void discard() throws IOException {
    }

    @Override
    public final void commit(Job job, Job.Input input, boolean last) throws IOException {
        if (pending.isEmpty()) {
            openedAt = System.nanoTime();
        }
        if (!pending.contains(input.reader())) {
            pending.add(input.reader());
        }
        if (last || System.nanoTime() - openedAt >= intervalNanos) {
            finish(job);
        }
    }

    @Override
    public final void finish(Job job) throws IOException {
        if (!pending.isEmpty()) {
            commitNow(job, pending);
            pending.clear();
        }
    }

    @Override
    public final boolean abort(Job job, Job.Input input) throws IOException {
        discard();
        job.context().state().rollback();
        for (DataReader r : pending) {
            if (r != input.reader()) {
                r.rewind(); // its batches since the last commit are read again on its next turn
            }
        }
        pending.clear();
        return input.reader().rewind();
    }
}
