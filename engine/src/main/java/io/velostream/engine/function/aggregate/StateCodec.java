package io.velostream.engine.function.aggregate;

import io.velostream.engine.record.ValueCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Binary form of run-time values inside accumulator state and state-store keys ({@link ValueCodec}). */
public final class StateCodec {
    private StateCodec() {
    }

    public static void writeValue(DataOutput out, Object v) throws IOException {
        ValueCodec.writeValue(out, v);
    }

    public static Object readValue(DataInput in) throws IOException {
        return ValueCodec.readValue(in);
    }
}
