package io.velostream.engine.internal.exec.time;

import io.velostream.engine.internal.exec.state.KeyValueStore;
import io.velostream.engine.internal.exec.state.StoreBytes;
import io.velostream.engine.internal.exec.state.StoreCodec;
import io.velostream.engine.internal.exec.state.StoreProvider;

import java.nio.charset.StandardCharsets;

/**
 * An operator's watermark in a store of its own, {@code watermark} (docs/kafka.md#state): restored
 * with the windows it closes, so that a restarted job closes and drops exactly what an
 * uninterrupted one would. Call {@link #changing} before each batch moves the watermark.
 */
public final class WatermarkStore {
    public static final String NAME = "watermark";
    private static final String KEY = NAME;
    private static final byte[] KEY_BYTES = KEY.getBytes(StandardCharsets.UTF_8);

    private final KeyValueStore<String, WatermarkTracker> store;
    private final WatermarkTracker tracker;

    /** Opens the store and restores {@code tracker} from it; open it before the stores it closes (rolled back first). */
    public WatermarkStore(StoreProvider stores, WatermarkTracker tracker) {
        this.tracker = tracker;
        StoreBytes bytes = new StoreBytes();
        // Pinned: its one value is the operator's tracker, which decoding overwrites in place.
        this.store = stores.openPinned(NAME, new StoreCodec<>() {
            @Override
            public String keyOf(WatermarkTracker t) {
                return KEY;
            }

            @Override
            public byte[] key(String key) {
                return KEY_BYTES;
            }

            @Override
            public byte[] value(WatermarkTracker t) {
                return bytes.bytes(t::writeState);
            }

            @Override
            public void restore(WatermarkTracker t, byte[] state) {
                StoreBytes.read(state, in -> {
                    t.readState(in);
                    return t;
                });
            }

            @Override
            public WatermarkTracker decode(byte[] key, byte[] state) {
                restore(tracker, state);
                return tracker;
            }
        });
        if (store.get(KEY) == null) {
            store.put(KEY, tracker);
        }
        store.onRollback(() -> {
            if (store.get(KEY) == null) { // put by the batch rolled back: the watermark of no record
                tracker.reset();
                store.put(KEY, tracker);
            }
        });
    }

    /** The watermark is about to move (a batch starts). */
    public void changing() {
        store.changed(KEY, tracker);
    }
}
