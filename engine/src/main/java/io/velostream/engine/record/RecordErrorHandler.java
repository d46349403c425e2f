package io.velostream.engine.record;

/**
 * Receives record errors and applies the job's failure strategy: it returns to skip the record
 * (counted and logged) or throws to fail the batch.
 */
@FunctionalInterface
public interface RecordErrorHandler {
    void onError(RecordError error);
}
