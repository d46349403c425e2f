package io.velostream.engine.internal.io.format;

/** Input that does not follow its format; the message says what is wrong, without a position. */
public final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    public DecodeException(String message) {
        super(message);
    }
}
