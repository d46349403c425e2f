package io.velostream.engine.internal.sql.parse;

import io.velostream.engine.sql.SqlException;
import io.velostream.engine.internal.sql.ast.Application;
import io.velostream.engine.internal.sql.ast.Expr;
import io.velostream.engine.internal.sql.ast.Statement;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * Parses Velostream SQL (docs/sql-dialect.md, docs/sql-parsing.md) into the AST of
 * {@code io.velostream.engine.internal.sql.ast}. Every method reports all syntax errors of its input at once,
 * as a {@link SqlException} whose errors carry 1-based line and column.
 */
public final class SqlParser {
    /** Parse-tree levels allowed: some 120 nested brackets, a chain of some 1 000 operators. */
    static final int MAX_DEPTH = 1000;
    private static final String TOO_DEEP = "the statement is nested too deeply (more than " + MAX_DEPTH
            + " levels of brackets, CASE, calls or operators here)";

    private SqlParser() {
    }

    /**
     * Parses a {@code .sql} application: statements separated by {@code ;} (the last one optional),
     * with their annotations and the file header.
     *
     * @param sourceName the file name used in error messages, or null
     */
    public static Application parseApplication(String text, String sourceName) {
        Parse parse = new Parse(text, sourceName);
        VelostreamSqlParser.ApplicationContext tree = parse.tree(parse.parser::application);
        List<VelostreamSqlParser.StatementContext> statements = tree.statement();
        CommentScanner comments = new CommentScanner(parse.tokens);
        comments.scanHeader(statements.isEmpty() ? null : statements.get(0).start);
        AstBuilder builder = new AstBuilder(parse.errors);
        List<Statement> result = new ArrayList<>();
        for (VelostreamSqlParser.StatementContext statement : statements) {
            result.add(builder.statement(statement, comments.annotationsAbove(statement.start)));
        }
        parse.errors.throwIfAny();
        return new Application(Collections.unmodifiableMap(comments.header()), List.copyOf(result));
    }

    /** Parses one statement; a trailing {@code ;} is allowed, annotations above it are kept. */
    public static Statement parseStatement(String sql) {
        Parse parse = new Parse(sql, null);
        VelostreamSqlParser.SingleStatementContext tree = parse.tree(parse.parser::singleStatement);
        Statement statement = new AstBuilder(parse.errors).statement(tree.statement(),
                new CommentScanner(parse.tokens).annotationsAbove(tree.statement().start));
        parse.errors.throwIfAny();
        return statement;
    }

    /** Parses one expression, e.g. an {@code @metric_condition}. */
    public static Expr parseExpression(String expr) {
        Parse parse = new Parse(expr, null);
        VelostreamSqlParser.SingleExpressionContext tree = parse.tree(parse.parser::singleExpression);
        Expr result = new AstBuilder(parse.errors).expression(tree.expression());
        parse.errors.throwIfAny();
        return result;
    }

    /** Lexer, token stream and parser wired to one error collector. */
    private static final class Parse {
        final ErrorCollector errors;
        final CommonTokenStream tokens;
        final VelostreamSqlParser parser;

        Parse(String text, String sourceName) {
            errors = new ErrorCollector(sourceName, text);
            VelostreamSqlLexer lexer = new VelostreamSqlLexer(CharStreams.fromString(text));
            lexer.removeErrorListeners();
            tokens = new CommonTokenStream(lexer);
            parser = new VelostreamSqlParser(tokens);
            parser.setErrorHandler(new EarlyErrorStrategy());
            parser.removeErrorListeners();
            parser.addErrorListener(errors);
        }

        /**
         * Runs a start rule and throws its syntax errors. Nesting is bounded: deeper than
         * {@link #MAX_DEPTH} parse-tree levels (or deep enough to exhaust the parser's stack) is an
         * error at the token where it gets too deep, so no later, recursive stage can overflow.
         */
        <T extends ParserRuleContext> T tree(Supplier<T> rule) {
            T tree = null;
            try {
                tree = rule.get();
            } catch (StackOverflowError e) {
                errors.add(parser.getCurrentToken(), TOO_DEEP);
            }
            errors.throwIfAny();
            Token deep = tooDeep(tree);
            if (deep != null) {
                errors.add(deep, TOO_DEEP);
                errors.throwIfAny();
            }
            return tree;
        }
    }

    /** The first token of the first node deeper than {@link #MAX_DEPTH}, or null; iterative. */
    private static Token tooDeep(ParserRuleContext root) {
        ArrayDeque<ParseTree> nodes = new ArrayDeque<>();
        ArrayDeque<Integer> depths = new ArrayDeque<>();
        nodes.push(root);
        depths.push(1);
        while (!nodes.isEmpty()) {
            ParseTree node = nodes.pop();
            int depth = depths.pop();
            if (depth > MAX_DEPTH) {
                return node instanceof ParserRuleContext c ? c.getStart() : ((TerminalNode) node).getSymbol();
            }
            for (int i = node.getChildCount() - 1; i >= 0; i--) {
                nodes.push(node.getChild(i));
                depths.push(depth + 1);
            }
        }
        return null;
    }
}
