package io.velostream.engine.internal.exec.state;

import java.util.ArrayList;
import java.util.List;

/**
 * The state stores of one job, driven by its commit protocol: {@link #flush()} at each commit,
 * {@link #rollback()} when a batch is aborted and read again.
 */
public final class StateStores {
    private final List<KeyValueStore<?, ?>> stores = new ArrayList<>();

    public <S extends KeyValueStore<?, ?>> S register(S store) {
        stores.add(store);
        return store;
    }

    public void flush() {
        for (int i = 0, n = stores.size(); i < n; i++) {
            stores.get(i).flush();
        }
    }

    public void rollback() {
        for (int i = 0, n = stores.size(); i < n; i++) {
            stores.get(i).rollback();
        }
    }
}
