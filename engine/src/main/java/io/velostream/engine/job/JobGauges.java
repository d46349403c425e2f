package io.velostream.engine.job;

import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.internal.exec.time.WatermarkTracker;

import java.util.ArrayList;
import java.util.List;

/**
 * What a job's operators hold, read between batches by meters (docs/operations.md): the operators
 * are resolved once, so a reading allocates nothing.
 */
public final class JobGauges {
    private final List<Operator> operators;
    private final List<WatermarkTracker> watermarks = new ArrayList<>();
    /** Inputs run as tasks: their tasks come and go, so they are asked at each reading (docs/scaling.md#tasks). */
    private final List<TaskRouter> tasks = new ArrayList<>();

    JobGauges(List<Operator> operators) {
        this.operators = operators;
        for (Operator op : operators) {
            if (op.watermark() != null) {
                watermarks.add(op.watermark());
            }
            if (op instanceof TaskRouter router) {
                tasks.add(router);
            }
        }
    }

    /** Entries of state: groups, open windows, buffered join and sort rows, DISTINCT rows; summed over the tasks. */
    public long stateSize() {
        long size = 0;
        for (int i = 0, n = operators.size(); i < n; i++) {
            size += operators.get(i).stateSize();
        }
        return size;
    }

    /** Whether an operator of the job tracks event time, so {@link #watermark()} means something. */
    public boolean tracksEventTime() {
        return !watermarks.isEmpty() || tasks.stream().anyMatch(TaskRouter::tracksEventTime);
    }

    /** The highest event-time watermark of the job's operators and tasks (epoch ms), or {@code Long.MIN_VALUE} before any. */
    public long watermark() {
        long w = Long.MIN_VALUE;
        for (int i = 0, n = watermarks.size(); i < n; i++) {
            w = Math.max(w, watermarks.get(i).last());
        }
        for (int i = 0, n = tasks.size(); i < n; i++) {
            w = Math.max(w, tasks.get(i).highestWatermark());
        }
        return w;
    }
}
