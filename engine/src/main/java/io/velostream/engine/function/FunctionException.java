package io.velostream.engine.function;

/**
 * A call does not fit its function (wrong argument count or types). The compiler turns it into
 * an error at the call's line and column, so the message names only the function and the problem.
 */
public class FunctionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FunctionException(String message) {
        super(message);
    }
}
