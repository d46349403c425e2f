package io.velostream.engine.internal.sql.parse;

import io.velostream.engine.sql.SqlError;
import io.velostream.engine.sql.SqlException;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.misc.IntervalSet;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Collects every error of one parse as {@link SqlError}s: ANTLR's syntax errors, reworded for a SQL
 * user, and the checks AstBuilder makes.
 */
final class ErrorCollector extends BaseErrorListener {
    private static final int MAX_EXPECTED = 6;

    private final String source;
    private final String[] lines;
    private final List<SqlError> errors = new ArrayList<>();
    private int lastSyntaxErrorToken = -1;

    ErrorCollector(String source, String text) {
        this.source = source;
        // Split as ANTLR counts lines: at '\n' only.
        this.lines = text.split("\n", -1);
    }

    void add(Token at, String message) {
        int line = at.getLine();
        String excerpt = line >= 1 && line <= lines.length ? lines[line - 1].replace("\r", "") : null;
        errors.add(new SqlError(source, line, at.getCharPositionInLine() + 1, message, excerpt));
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new SqlException(errors);
        }
    }

    /** Syntax errors; the lexer reports none, as malformed input becomes tokens of its own. */
    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
                            String msg, RecognitionException e) {
        Parser parser = (Parser) recognizer;
        Token token = (Token) offendingSymbol;
        if (!isFollowUp(parser, token)) {
            lastSyntaxErrorToken = token.getTokenIndex();
            report(parser, token, e);
        }
    }

    /**
     * After a syntax error, ANTLR's recovery often trips again in the same statement; those
     * follow-up errors only echo the first, so one error per statement is reported.
     */
    private boolean isFollowUp(Parser parser, Token token) {
        if (lastSyntaxErrorToken < 0) {
            return false;
        }
        TokenStream tokens = parser.getInputStream();
        for (int i = lastSyntaxErrorToken; i < token.getTokenIndex(); i++) {
            if (tokens.get(i).getType() == VelostreamSqlLexer.SEMI) {
                return false;
            }
        }
        return true;
    }

    private void report(Parser parser, Token token, RecognitionException e) {
        switch (token.getType()) {
            case VelostreamSqlLexer.UNTERMINATED_STRING -> add(token, "unterminated string literal");
            case VelostreamSqlLexer.UNTERMINATED_COMMENT -> add(token, "unterminated comment");
            case VelostreamSqlLexer.BAD_NUMBER -> add(token, "malformed number '" + token.getText() + "'");
            case VelostreamSqlLexer.UNEXPECTED_CHARACTER -> add(token, "unexpected character '" + token.getText() + "'");
            default -> reportUnexpected(parser, token, e);
        }
    }

    private void reportUnexpected(Parser parser, Token token, RecognitionException e) {
        String unexpected = "unexpected " + describe(token);
        // After a long look-ahead the decision's expected set describes an earlier token: omit it.
        if (e instanceof NoViableAltException nva && nva.getStartToken() != token) {
            add(token, unexpected);
            return;
        }
        Expected expected = expected(parser,
                e != null && e.getExpectedTokens() != null ? e.getExpectedTokens() : parser.getExpectedTokens());
        String message = expected.text.isEmpty() ? unexpected : unexpected + ", expected " + expected.text;
        String keyword = Character.isLetter(token.getText().charAt(0)) ? nearMiss(token.getText(), expected.keywords) : null;
        if (keyword != null) {
            add(token, message + " (did you mean " + keyword + "?)");
            return;
        }
        // "SELECT a FORM t": FORM was taken as an alias, so the error surfaces one token later.
        Token previous = token.getTokenIndex() > 0 ? parser.getInputStream().get(token.getTokenIndex() - 1) : null;
        keyword = previous == null || previous.getType() != VelostreamSqlLexer.IDENTIFIER
                ? null : nearMiss(previous.getText(), expected.keywords);
        if (keyword != null) {
            add(previous, "'" + previous.getText() + "' is read as a name here; did you mean " + keyword + "?");
            return;
        }
        add(token, message);
    }

    /** The expected keyword a misspelt word stands for, or null. */
    private static String nearMiss(String text, List<String> keywords) {
        String word = text.toUpperCase(Locale.ROOT);
        return keywords.stream()
                .filter(k -> editDistance(word, k) <= (k.length() <= 4 ? 1 : 2))
                .findFirst().orElse(null);
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
    private static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            for (int j = 0; j <= b.length(); j++) {
                if (i == 0 || j == 0) {
                    d[i][j] = i + j;
                    continue;
                }
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static String describe(Token token) {
        return token.getType() == Token.EOF ? "end of input" : "'" + token.getText() + "'";
    }

    private record Expected(List<String> keywords, String text) {
    }

    /**
     * Closing brackets first, then keywords, symbols and token classes; the non-reserved keywords an identifier
     * may be and the many tokens an expression may start with are summarized.
     */
    private static Expected expected(Parser parser, IntervalSet expected) {
        ATN atn = parser.getATN();
        IntervalSet nonReserved = atn.nextTokens(atn.ruleToStartState[VelostreamSqlParser.RULE_nonReserved]);
        IntervalSet expressionStart = atn.nextTokens(atn.ruleToStartState[VelostreamSqlParser.RULE_expression]);
        boolean anyName = expected.contains(VelostreamSqlLexer.IDENTIFIER);
        // After an operator only a value may follow, not NOT: a value's first tokens are enough.
        IntervalSet valueStart = atn.nextTokens(atn.ruleToStartState[VelostreamSqlParser.RULE_valueExpr]);
        boolean anyExpression = valueStart.subtract(expected).isNil();
        Vocabulary vocabulary = parser.getVocabulary();
        Set<String> keywords = new LinkedHashSet<>();
        Set<String> symbols = new LinkedHashSet<>();
        Set<String> classes = new LinkedHashSet<>();
        for (int type : expected.toList()) {
            if (anyExpression && expressionStart.contains(type)) {
                classes.add("expression");
            } else if (anyName && nonReserved.contains(type)) {
                classes.add("name");
            } else if (type == Token.EOF) {
                classes.add("end of input");
            } else {
                String literal = vocabulary.getLiteralName(type);
                if (literal == null) {
                    classes.add(tokenClass(type));
                } else if (Character.isLetter(literal.charAt(1))) {
                    keywords.add(literal.substring(1, literal.length() - 1));
                } else {
                    symbols.add(literal);
                }
            }
        }
        // An unclosed bracket is the likeliest slip where one may close, so it leads the list.
        List<String> all = new ArrayList<>();
        for (String closing : List.of("')'", "']'")) {
            if (symbols.remove(closing)) {
                all.add(closing);
            }
        }
        all.addAll(keywords);
        all.addAll(symbols);
        all.addAll(classes);
        String text = all.size() > MAX_EXPECTED
                ? String.join(", ", all.subList(0, MAX_EXPECTED)) + ", …"
                : String.join(", ", all);
        return new Expected(List.copyOf(keywords), text);
    }

    private static String tokenClass(int type) {
        switch (type) {
            case VelostreamSqlLexer.IDENTIFIER:
            case VelostreamSqlLexer.BACKQUOTED_IDENTIFIER:
            case VelostreamSqlLexer.DQ_STRING:
                return "name";
            case VelostreamSqlLexer.STRING:
                return "string";
            case VelostreamSqlLexer.INTEGER_LITERAL:
            case VelostreamSqlLexer.DECIMAL_LITERAL:
            case VelostreamSqlLexer.FLOAT_LITERAL:
                return "number";
            case VelostreamSqlLexer.DURATION_LITERAL:
                return "duration";
            case VelostreamSqlLexer.NEQ:
                return "'<>'";
            default:
                return VelostreamSqlLexer.VOCABULARY.getSymbolicName(type);
        }
    }
}
