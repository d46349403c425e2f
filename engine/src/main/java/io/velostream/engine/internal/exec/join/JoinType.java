package io.velostream.engine.internal.exec.join;

/** Which unmatched rows a stream–stream join keeps (docs/joins.md); the planner maps the JOIN clause onto it. */
public enum JoinType {
    INNER, LEFT, RIGHT, FULL;

    /** True when a left row that meets no right row is emitted with NULLs. */
    public boolean keepsUnmatchedLeft() {
        return this == LEFT || this == FULL;
    }

    /** True when a right row that meets no left row is emitted with NULLs. */
    public boolean keepsUnmatchedRight() {
        return this == RIGHT || this == FULL;
    }
}
