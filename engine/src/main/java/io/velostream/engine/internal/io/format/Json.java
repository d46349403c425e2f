package io.velostream.engine.internal.io.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamWriteFeature;

/** The one Jackson factory of the engine: thread-safe and costly to build, so shared. */
public final class Json {
    public static final JsonFactory FACTORY = JsonFactory.builder()
            // Encoders never own their stream (see RecordEncoder), so closing a generator must not close it.
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private Json() {
    }
}
