package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.app.ApplicationCompiler;
import io.velostream.engine.app.ApplicationRunner;
import io.velostream.engine.job.JobSettings;

import java.util.Map;

/**
 * A job in a JVM of its own, for {@link KafkaCrashTest} to kill: args are the bootstrap servers,
 * the SQL and the application name (its changelog topics and transactional ids).
 */
public final class CrashJobMain {
    private CrashJobMain() {
    }

    public static void main(String[] args) {
        new ApplicationRunner().runAll(ApplicationCompiler.withBuiltins().prepare(args[1],
                // The same instance restarted: its producer fences the killed one's at once (docs/scaling.md#instance-ids).
                new ApplicationCompiler.Options(null, args[2] + ".sql", Map.of("bootstrap.servers", args[0],
                        JobSettings.INSTANCE_ID, "crashed"))));
        System.exit(0);
    }
}
