package io.velostream.engine.internal.exec.aggregate;

import io.velostream.engine.internal.exec.state.StoreCodec;
import io.velostream.engine.function.aggregate.StateCodec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Groups in a changelog: the key is the GROUP BY values, the value the group's state ({@link Group#writeState}). */
final class GroupCodec implements StoreCodec<Object, Group> {
    private final Aggregation aggregation;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(buffer);

    GroupCodec(Aggregation aggregation) {
        this.aggregation = aggregation;
    }

    @Override
    public Object keyOf(Group g) {
        return GroupTable.storeKey(g.keys);
    }

    @Override
    public byte[] key(Group g) {
        buffer.reset();
        try {
            out.writeInt(g.keys.length);
            for (Object k : g.keys) {
                StateCodec.writeValue(out, k);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    @Override
    public byte[] value(Group g) {
        buffer.reset();
        try {
            g.writeState(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    @Override
    public void restore(Group g, byte[] state) {
        try {
            g.readState(new DataInputStream(new ByteArrayInputStream(state)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Group decode(byte[] key, byte[] state) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(key));
            Object[] keys = new Object[in.readInt()];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = StateCodec.readValue(in);
            }
            Group g = aggregation.newGroup(keys);
            restore(g, state);
            return g;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
