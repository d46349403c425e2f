package io.velostream.engine.function;

import java.time.Clock;

/** What a function may use besides its arguments: the job's clock (NOW(), CURRENT_DATE). */
public record FunctionContext(Clock clock) {
    public static FunctionContext system() {
        return new FunctionContext(Clock.systemUTC());
    }
}
