package io.velostream.engine.internal.exec.state;

import java.io.IOException;

/**
 * A persistent store's directory is held by another open store: a task of another thread that has not
 * closed it yet (its partition just moved), or another process with the same {@code state.dir}. It passes
 * once the other closes, so the job retries the batch (docs/scaling.md#stores).
 */
public class StoreInUseException extends IOException {
    public StoreInUseException(String message) {
        super(message);
    }
}
