package io.velostream.engine.internal.sql.parse;

import io.velostream.engine.sql.SqlException;
import io.velostream.engine.internal.sql.ast.Application;
import io.velostream.engine.internal.sql.ast.Expr;
import io.velostream.engine.internal.sql.ast.Statement;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Parses Velostream SQL (docs/sql-dialect.md, docs/sql-parsing.md) into the AST of
 * {@code io.velostream.engine.internal.sql.ast}. Every method reports all syntax errors of its input at once,
 * as a {@link SqlException} whose errors carry 1-based line and column.
 */
public final class SqlParser {
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
        VelostreamSqlParser.ApplicationContext tree = parse.parser.application();
        parse.errors.throwIfAny();
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
        VelostreamSqlParser.SingleStatementContext tree = parse.parser.singleStatement();
        parse.errors.throwIfAny();
        Statement statement = new AstBuilder(parse.errors).statement(tree.statement(),
                new CommentScanner(parse.tokens).annotationsAbove(tree.statement().start));
        parse.errors.throwIfAny();
        return statement;
    }

    /** Parses one expression, e.g. an {@code @metric_condition}. */
    public static Expr parseExpression(String expr) {
        Parse parse = new Parse(expr, null);
        VelostreamSqlParser.SingleExpressionContext tree = parse.parser.singleExpression();
        parse.errors.throwIfAny();
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
    }
}
