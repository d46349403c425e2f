package io.velostream.engine.sql.parse;

import io.velostream.engine.sql.SqlError;
import io.velostream.engine.sql.SqlException;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.misc.IntervalSet;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects every error of one parse as {@link SqlError}s: ANTLR's syntax errors, reworded for a SQL
 * user, and the checks AstBuilder makes.
 */
final class ErrorCollector extends BaseErrorListener {
    private static final int MAX_EXPECTED = 6;
    private static final String LEXER_PREFIX = "token recognition error at: '";

    private final String source;
    private final String[] lines;
    private final List<SqlError> errors = new ArrayList<>();

    ErrorCollector(String source, String text) {
        this.source = source;
        this.lines = text.split("\r\n|\r|\n", -1);
    }

    void add(int line, int column, String message) {
        String excerpt = line >= 1 && line <= lines.length ? lines[line - 1] : null;
        errors.add(new SqlError(source, line, column, message, excerpt));
    }

    void add(Token at, String message) {
        add(at.getLine(), at.getCharPositionInLine() + 1, message);
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new SqlException(errors);
        }
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
                            String msg, RecognitionException e) {
        String message = offendingSymbol instanceof Token token
                ? parserMessage((Parser) recognizer, token, e)
                : lexerMessage(msg);
        add(line, charPositionInLine + 1, message);
    }

    private static String lexerMessage(String msg) {
        if (!msg.startsWith(LEXER_PREFIX)) {
            return msg;
        }
        String text = msg.substring(LEXER_PREFIX.length(), msg.length() - 1);
        return text.startsWith("/*") ? "unterminated comment" : "unexpected character '" + text + "'";
    }

    private static String parserMessage(Parser parser, Token token, RecognitionException e) {
        switch (token.getType()) {
            case VelostreamSqlLexer.UNTERMINATED_STRING:
                return "unterminated string literal";
            case VelostreamSqlLexer.BAD_NUMBER:
                return "malformed number '" + token.getText() + "'";
            default:
                break;
        }
        String unexpected = "unexpected " + describe(token);
        // After a long look-ahead the decision's expected set describes an earlier token: omit it.
        if (e instanceof NoViableAltException nva && nva.getStartToken() != token) {
            return unexpected;
        }
        IntervalSet expected = e != null && e.getExpectedTokens() != null ? e.getExpectedTokens() : parser.getExpectedTokens();
        String list = expectedList(parser, expected);
        return list.isEmpty() ? unexpected : unexpected + ", expected " + list;
    }

    private static String describe(Token token) {
        return token.getType() == Token.EOF ? "end of input" : "'" + token.getText() + "'";
    }

    /**
     * Keywords first, then symbols, then token classes; the non-reserved keywords an identifier
     * may be and the many tokens an expression may start with are summarized.
     */
    private static String expectedList(Parser parser, IntervalSet expected) {
        ATN atn = parser.getATN();
        boolean anyName = expected.contains(VelostreamSqlLexer.IDENTIFIER);
        boolean anyExpression = anyName && expected.contains(VelostreamSqlLexer.INTEGER_LITERAL);
        IntervalSet nonReserved = atn.nextTokens(atn.ruleToStartState[VelostreamSqlParser.RULE_nonReserved]);
        IntervalSet expressionStart = atn.nextTokens(atn.ruleToStartState[VelostreamSqlParser.RULE_expression]);
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
        List<String> all = new ArrayList<>(keywords);
        all.addAll(symbols);
        all.addAll(classes);
        if (all.size() > MAX_EXPECTED) {
            return String.join(", ", all.subList(0, MAX_EXPECTED)) + ", …";
        }
        return String.join(", ", all);
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
