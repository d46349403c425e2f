package io.velostream.engine.internal.sql.parse;

import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * ANTLR's default strategy lets a token that cannot follow an optional clause or loop pass until
 * some enclosing rule fails, so {@code WHERE a = 1 LIMT 5} would be reported as "expected ';'".
 * This strategy reports the token where the optional part ends, against everything that may
 * follow there in the current context, so the message lists the clauses and operators that fit.
 */
final class EarlyErrorStrategy extends DefaultErrorStrategy {
    @Override
    public void sync(Parser recognizer) {
        if (!inErrorRecoveryMode(recognizer)) {
            ATNState state = recognizer.getInterpreter().atn.states.get(recognizer.getState());
            IntervalSet local = recognizer.getATN().nextTokens(state);
            int next = recognizer.getInputStream().LA(1);
            if (local.contains(Token.EPSILON) && !local.contains(next) && !recognizer.getExpectedTokens().contains(next)) {
                throw new InputMismatchException(recognizer);
            }
        }
        super.sync(recognizer);
    }
}
