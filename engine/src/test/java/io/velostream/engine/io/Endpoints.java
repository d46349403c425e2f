package io.velostream.engine.io;

import io.velostream.engine.record.RecordError;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test helper: endpoint specs whose record errors are collected (the LogAndContinue strategy). */
public final class Endpoints {
    public final List<RecordError> errors = new ArrayList<>();
    private final Path baseDir;

    public Endpoints(Path baseDir) {
        this.baseDir = baseDir;
    }

    /** @param options alternating key, value */
    public EndpointSpec spec(String name, String type, String... options) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        return new EndpointSpec(name, type, map, baseDir, errors::add);
    }
}
