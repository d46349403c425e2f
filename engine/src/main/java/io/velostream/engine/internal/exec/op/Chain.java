package io.velostream.engine.internal.exec.op;

import io.velostream.engine.record.StreamRecord;

import java.util.ArrayList;
import java.util.List;

/** Operators run one after another; the lists between them are reused from batch to batch. */
public final class Chain implements Operator {
    private final Operator[] operators;
    private final List<List<StreamRecord>> buffers = new ArrayList<>();

    public Chain(List<Operator> operators) {
        this.operators = operators.toArray(new Operator[0]);
        for (int i = 1; i < this.operators.length; i++) {
            buffers.add(new ArrayList<>());
        }
    }

    /** A single operator runs as itself; an empty chain forwards its input. */
    public static Operator of(List<Operator> operators) {
        if (operators.isEmpty()) {
            return (in, out) -> out.addAll(in);
        }
        return operators.size() == 1 ? operators.get(0) : new Chain(operators);
    }

    /** The operators in order (the runtime finds stateful ones to give them durable stores; tests inspect them). */
    public List<Operator> operators() {
        return List.of(operators);
    }

    /** What {@code op} runs, in order: the operators of nested chains flattened; {@code op} alone when it is no chain. */
    public static List<Operator> flatten(Operator op) {
        List<Operator> all = new ArrayList<>();
        flatten(op, all);
        return all;
    }

    private static void flatten(Operator op, List<Operator> into) {
        if (op instanceof Chain chain) {
            for (Operator o : chain.operators) {
                flatten(o, into);
            }
        } else if (op != null) {
            into.add(op);
        }
    }

    @Override
    public void process(List<StreamRecord> in, List<StreamRecord> out) {
        List<StreamRecord> current = in;
        for (int i = 0; i < operators.length; i++) {
            List<StreamRecord> next = i == operators.length - 1 ? out : buffers.get(i);
            operators[i].process(current, next);
            if (current != in) {
                current.clear();
            }
            current = next;
        }
    }

    @Override
    public void finish(List<StreamRecord> out) {
        // Each operator's held-back rows still pass through the operators after it.
        for (int i = 0; i < operators.length; i++) {
            List<StreamRecord> held = new ArrayList<>();
            operators[i].finish(held);
            for (int j = i + 1; j < operators.length && !held.isEmpty(); j++) {
                List<StreamRecord> next = new ArrayList<>();
                operators[j].process(held, next);
                held = next;
            }
            out.addAll(held);
        }
    }

    @Override
    public boolean done() {
        for (Operator op : operators) {
            if (op.done()) {
                return true;
            }
        }
        return false;
    }
}
