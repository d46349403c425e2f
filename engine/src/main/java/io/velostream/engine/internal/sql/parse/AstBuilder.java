package io.velostream.engine.internal.sql.parse;

import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.internal.sql.ast.Expr;
import io.velostream.engine.internal.sql.ast.OrderItem;
import io.velostream.engine.internal.sql.ast.Position;
import io.velostream.engine.internal.sql.ast.Query;
import io.velostream.engine.internal.sql.ast.Statement;
import io.velostream.engine.internal.sql.parse.VelostreamSqlParser.*;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the AST from a parse tree without syntax errors, and makes the checks the grammar leaves
 * open (clause order and repeats, window arguments, literal ranges, INTERVAL units), reporting them
 * to the {@link ErrorCollector}.
 */
final class AstBuilder extends VelostreamSqlBaseVisitor<Expr> {
    /** The order of the clauses (docs/sql.md#select) after WHERE; the index is a clause's rank. */
    private static final List<Class<? extends TailClauseContext>> CLAUSE_ORDER = List.of(
            GroupByClauseContext.class, WindowClauseContext.class, HavingClauseContext.class,
            OrderByClauseContext.class, LimitClauseContext.class, EmitClauseContext.class,
            IntoClauseContext.class, WithClauseContext.class);
    private static final List<String> CLAUSE_NAMES =
            List.of("GROUP BY", "WINDOW", "HAVING", "ORDER BY", "LIMIT", "EMIT", "INTO", "WITH");
    /** EMIT, INTO and WITH: in a UNION ALL they belong to the whole union. */
    private static final int FIRST_UNION_CLAUSE = CLAUSE_ORDER.indexOf(EmitClauseContext.class);

    private final ErrorCollector errors;

    AstBuilder(ErrorCollector errors) {
        this.errors = errors;
    }

    // ------------------------------------------------------------------ statements and queries

    Statement statement(StatementContext ctx, List<Statement.Annotation> annotations) {
        String text = ctx.start.getInputStream()
                .getText(Interval.of(ctx.start.getStartIndex(), ctx.stop.getStopIndex()));
        Position pos = pos(ctx.start);
        if (ctx instanceof CreateAsContext create) {
            Query query = query(create.query(), Role.CREATE_AS);
            Statement.Kind kind = create.kind.getType() == VelostreamSqlLexer.STREAM
                    ? Statement.Kind.CREATE_STREAM : Statement.Kind.CREATE_TABLE;
            return new Statement(pos, kind, name(create.name()), query, with(query), annotations, text);
        }
        if (ctx instanceof InsertIntoContext insert) {
            Query query = query(insert.query(), Role.STATEMENT);
            return new Statement(pos, Statement.Kind.INSERT_INTO, name(insert.name()), query, with(query),
                    annotations, text);
        }
        Query query = query(((SelectStatementContext) ctx).query(), Role.STATEMENT);
        String into = query instanceof Query.Select s ? s.into() : ((Query.UnionAll) query).into();
        return new Statement(pos, Statement.Kind.SELECT, into, query, with(query), annotations, text);
    }

    /** A statement has one WITH: on its SELECT, or after the last branch of its UNION ALL. */
    private static Map<String, String> with(Query query) {
        return query instanceof Query.Select s ? s.with() : ((Query.UnionAll) query).with();
    }

    /** Where a query stands: it decides the clause order and which clauses are allowed. */
    private enum Role {
        STATEMENT,
        /** The clauses after WHERE may come in any order. */
        CREATE_AS,
        /** EMIT, INTO and WITH belong to a statement, not to a subquery. */
        SUBQUERY
    }

    private Query query(QueryContext ctx, Role role) {
        List<SelectContext> selects = ctx.select();
        if (selects.size() == 1) {
            return select(selects.get(0), role, true);
        }
        List<Query.Select> branches = new ArrayList<>();
        for (int i = 0; i < selects.size(); i++) {
            branches.add(select(selects.get(i), role, i == selects.size() - 1));
        }
        Query.Select last = branches.remove(branches.size() - 1);
        branches.add(new Query.Select(last.pos(), last.distinct(), last.items(), last.from(), last.joins(),
                last.where(), last.groupBy(), last.window(), last.having(), last.orderBy(), last.limit(),
                null, null, Map.of()));
        return new Query.UnionAll(pos(ctx.start), List.copyOf(branches), last.emit(), last.into(), last.with());
    }

    private Query.Select select(SelectContext ctx, Role role, boolean lastBranch) {
        List<Query.SelectItem> items = ctx.selectItem().stream().map(this::selectItem).toList();
        Query.Source from = source(ctx.source());
        List<Query.Join> joins = ctx.joinClause().stream().map(this::join).toList();
        Expr where = ctx.where == null ? null : visit(ctx.where);

        // Rank → clause, in written order.
        Map<Integer, TailClauseContext> clauses = new LinkedHashMap<>();
        for (TailClauseContext clause : ctx.tailClause()) {
            int rank = CLAUSE_ORDER.indexOf(clause.getClass());
            if (clauses.containsKey(rank)) {
                errors.add(clause.start, CLAUSE_NAMES.get(rank) + " appears twice");
                continue;
            }
            if (role != Role.CREATE_AS) {
                // Reported at the first clause written before it that belongs after it.
                clauses.keySet().stream().filter(r -> r > rank).findFirst().ifPresent(later ->
                        errors.add(clauses.get(later).start,
                                CLAUSE_NAMES.get(rank) + " must come before " + CLAUSE_NAMES.get(later)));
            }
            if (rank >= FIRST_UNION_CLAUSE && role == Role.SUBQUERY) {
                errors.add(clause.start, CLAUSE_NAMES.get(rank) + " is not allowed in a subquery");
            } else if (rank >= FIRST_UNION_CLAUSE && !lastBranch) {
                errors.add(clause.start, CLAUSE_NAMES.get(rank) + " must come after the last SELECT of the UNION ALL");
            }
            clauses.put(rank, clause);
        }
        GroupByClauseContext groupBy = clause(clauses, GroupByClauseContext.class);
        WindowClauseContext window = clause(clauses, WindowClauseContext.class);
        HavingClauseContext having = clause(clauses, HavingClauseContext.class);
        OrderByClauseContext orderBy = clause(clauses, OrderByClauseContext.class);
        LimitClauseContext limit = clause(clauses, LimitClauseContext.class);
        EmitClauseContext emit = clause(clauses, EmitClauseContext.class);
        IntoClauseContext into = clause(clauses, IntoClauseContext.class);
        WithClauseContext with = clause(clauses, WithClauseContext.class);
        return new Query.Select(pos(ctx.start), ctx.DISTINCT() != null, items, from, joins, where,
                groupBy == null ? List.of() : exprs(groupBy.expression()),
                window == null ? null : window(window),
                having == null ? null : visit(having.expression()),
                orderBy == null ? List.of() : orderItems(orderBy.orderItem()),
                limit == null ? null : integer(limit.INTEGER_LITERAL().getSymbol(), false),
                emit == null ? null : emit.emitMode.getType() == VelostreamSqlLexer.CHANGES
                        ? Query.EmitMode.CHANGES : Query.EmitMode.FINAL,
                into == null ? null : name(into.name()),
                with == null ? Map.of() : properties(with.property()));
    }

    private static <T extends TailClauseContext> T clause(Map<Integer, TailClauseContext> clauses, Class<T> type) {
        return type.cast(clauses.get(CLAUSE_ORDER.indexOf(type)));
    }

    private Query.SelectItem selectItem(SelectItemContext ctx) {
        Position pos = pos(ctx.start);
        if (ctx instanceof StarItemContext) {
            return new Query.SelectItem(pos, true, null, null, null, false);
        }
        if (ctx instanceof QualifiedStarItemContext q) {
            return new Query.SelectItem(pos, true, identifier(q.identifier()), null, null, false);
        }
        ExprItemContext item = (ExprItemContext) ctx;
        return new Query.SelectItem(pos, false, null, visit(item.expression()),
                item.alias() == null ? null : name(item.alias().name()), item.PRIMARY() != null);
    }

    private Query.Source source(SourceContext ctx) {
        return new Query.Source(pos(ctx.start),
                ctx.name() == null ? null : name(ctx.name()),
                ctx.alias() == null ? null : name(ctx.alias().name()),
                ctx.query() == null ? null : query(ctx.query(), Role.SUBQUERY));
    }

    private Query.Join join(JoinClauseContext ctx) {
        Query.JoinType type = Query.JoinType.INNER;
        if (ctx.joinType() != null) {
            type = switch (ctx.joinType().start.getType()) {
                case VelostreamSqlLexer.LEFT -> Query.JoinType.LEFT;
                case VelostreamSqlLexer.RIGHT -> Query.JoinType.RIGHT;
                case VelostreamSqlLexer.FULL -> Query.JoinType.FULL;
                default -> Query.JoinType.INNER;
            };
        }
        return new Query.Join(pos(ctx.start), type, source(ctx.source()), visit(ctx.expression()),
                ctx.duration() == null ? null : millis(ctx.duration()));
    }

    private Query.Window window(WindowClauseContext clause) {
        WindowSpecContext ctx = clause.windowSpec();
        Query.WindowKind kind = Query.WindowKind.valueOf(ctx.kind.getText().toUpperCase(Locale.ROOT));
        List<WindowArgContext> args = ctx.windowArg();
        Expr timeColumn = null;
        int first = 0;
        if (args.get(0).expression() != null && args.size() > 1) {
            timeColumn = visit(args.get(0).expression());
            first = 1;
        }
        List<Long> durations = new ArrayList<>();
        boolean allDurations = true;
        for (WindowArgContext arg : args.subList(first, args.size())) {
            if (arg.duration() == null) {
                errors.add(arg.start, "expected a duration such as 30s, 5m or INTERVAL '5' MINUTE");
                allDurations = false;
            } else {
                durations.add(millis(arg.duration()));
            }
        }
        int needed = kind == Query.WindowKind.SLIDING ? 2 : 1;
        if (allDurations && durations.size() != needed) {
            errors.add(ctx.start, switch (kind) {
                case TUMBLING -> "TUMBLING takes one size: TUMBLING([time_column,] size [, GRACE PERIOD g])";
                case SLIDING -> "SLIDING takes a size and an advance: SLIDING([time_column,] size, advance [, GRACE PERIOD g])";
                case SESSION -> "SESSION takes one gap: SESSION([time_column,] gap [, GRACE PERIOD g])";
            });
        }
        long size = durations.isEmpty() ? 0 : durations.get(0);
        long advance = needed == 2 && durations.size() > 1 ? durations.get(1) : 0;
        return new Query.Window(pos(clause.start), kind, timeColumn, size, advance,
                ctx.grace == null ? null : millis(ctx.grace));
    }

    private Map<String, String> properties(List<PropertyContext> ctxs) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (PropertyContext p : ctxs) {
            PropertyKeyContext keyCtx = p.key;
            String key = keyCtx.identifier().isEmpty()
                    ? unquote(keyCtx.getText())
                    : String.join(".", keyCtx.identifier().stream().map(AstBuilder::identifier).toList());
            String value = p.value.STRING() != null || p.value.DQ_STRING() != null
                    ? unquote(p.value.getText()) : p.value.getText();
            if (properties.putIfAbsent(key, value) != null) {
                errors.add(p.start, "WITH property '" + key + "' appears twice");
            }
        }
        return Collections.unmodifiableMap(properties);
    }

    private List<Expr> exprs(List<ExpressionContext> ctxs) {
        return ctxs.stream().map(this::visit).toList();
    }

    private List<OrderItem> orderItems(List<OrderItemContext> ctxs) {
        return ctxs.stream().map(o -> new OrderItem(visit(o.expression()),
                o.dir != null && o.dir.getType() == VelostreamSqlLexer.DESC,
                o.nulls == null ? null : o.nulls.getType() == VelostreamSqlLexer.FIRST)).toList();
    }

    // ------------------------------------------------------------------ expressions

    Expr expression(ExpressionContext ctx) {
        return visit(ctx);
    }

    @Override
    public Expr visitPredicateExpr(PredicateExprContext ctx) {
        return visit(ctx.predicate());
    }

    @Override
    public Expr visitAndExpr(AndExprContext ctx) {
        return new Expr.Binary(pos(ctx.start), Expr.BinaryOp.AND, visit(ctx.expression(0)), visit(ctx.expression(1)));
    }

    @Override
    public Expr visitOrExpr(OrExprContext ctx) {
        return new Expr.Binary(pos(ctx.start), Expr.BinaryOp.OR, visit(ctx.expression(0)), visit(ctx.expression(1)));
    }

    @Override
    public Expr visitPredicate(PredicateContext ctx) {
        Expr left = visit(ctx.valueExpr());
        PredicateSuffixContext suffix = ctx.predicateSuffix();
        Position pos = pos(ctx.start);
        if (suffix == null) {
            return left;
        }
        if (suffix instanceof ComparisonContext c) {
            return new Expr.Binary(pos, binaryOp(c.op), left, visit(c.valueExpr()));
        }
        if (suffix instanceof InSubqueryContext in) {
            return new Expr.InSubquery(pos, left, query(in.query(), Role.SUBQUERY), in.NOT() != null);
        }
        if (suffix instanceof InListContext in) {
            return new Expr.InList(pos, left, exprs(in.expression()), in.NOT() != null);
        }
        if (suffix instanceof BetweenContext b) {
            return new Expr.Between(pos, left, visit(b.low), visit(b.high), b.NOT() != null);
        }
        if (suffix instanceof LikeContext like) {
            return new Expr.Like(pos, left, visit(like.valueExpr()), like.NOT() != null);
        }
        return new Expr.IsNull(pos, left, ((IsNullContext) suffix).NOT() != null);
    }

    @Override
    public Expr visitPrimaryValue(PrimaryValueContext ctx) {
        return visit(ctx.primary());
    }

    @Override
    public Expr visitSubscript(SubscriptContext ctx) {
        return new Expr.Subscript(pos(ctx.start), visit(ctx.valueExpr()), visit(ctx.expression()));
    }

    /** {@code a.b} is a qualified column reference; any further {@code .c} is a field access. */
    @Override
    public Expr visitDotAccess(DotAccessContext ctx) {
        String field = identifier(ctx.identifier());
        if (ctx.valueExpr() instanceof PrimaryValueContext p && p.primary() instanceof ColumnRefContext c) {
            return new Expr.ColumnRef(pos(ctx.start), identifier(c.identifier()), field);
        }
        return new Expr.FieldAccess(pos(ctx.start), visit(ctx.valueExpr()), field);
    }

    /** NOT EXISTS is one {@code Exists(negated)}. */
    @Override
    public Expr visitNotExpr(NotExprContext ctx) {
        Expr operand = visit(ctx.expression());
        if (operand instanceof Expr.Exists e) {
            return new Expr.Exists(pos(ctx.start), e.query(), !e.negated());
        }
        return new Expr.Unary(pos(ctx.start), Expr.UnaryOp.NOT, operand);
    }

    /** Folds {@code -} into a number literal (so -9223372036854775808 fits). */
    @Override
    public Expr visitUnary(UnaryContext ctx) {
        Position pos = pos(ctx.start);
        if (ctx.op.getType() == VelostreamSqlLexer.MINUS && ctx.valueExpr() instanceof PrimaryValueContext p
                && p.primary() instanceof LiteralPrimaryContext lit) {
            Token number = lit.literal().start;
            switch (number.getType()) {
                case VelostreamSqlLexer.INTEGER_LITERAL:
                    return new Expr.Literal(pos, integer(number, true), SqlType.INTEGER);
                case VelostreamSqlLexer.DECIMAL_LITERAL:
                    return new Expr.Literal(pos, Decimal.parse("-" + number.getText()), SqlType.DECIMAL);
                case VelostreamSqlLexer.FLOAT_LITERAL:
                    return new Expr.Literal(pos, -floating(number), SqlType.FLOAT);
                default:
                    break;
            }
        }
        return new Expr.Unary(pos, Expr.UnaryOp.NEG, visit(ctx.valueExpr()));
    }

    @Override
    public Expr visitMultiplicative(MultiplicativeContext ctx) {
        return binary(ctx, ctx.op, ctx.valueExpr(0), ctx.valueExpr(1));
    }

    @Override
    public Expr visitAdditive(AdditiveContext ctx) {
        return binary(ctx, ctx.op, ctx.valueExpr(0), ctx.valueExpr(1));
    }

    @Override
    public Expr visitConcat(ConcatContext ctx) {
        return binary(ctx, ctx.CONCAT().getSymbol(), ctx.valueExpr(0), ctx.valueExpr(1));
    }

    private Expr binary(ParserRuleContext ctx, Token op, ValueExprContext left, ValueExprContext right) {
        return new Expr.Binary(pos(ctx.start), binaryOp(op), visit(left), visit(right));
    }

    private static Expr.BinaryOp binaryOp(Token op) {
        return switch (op.getType()) {
            case VelostreamSqlLexer.STAR -> Expr.BinaryOp.MUL;
            case VelostreamSqlLexer.SLASH -> Expr.BinaryOp.DIV;
            case VelostreamSqlLexer.PERCENT -> Expr.BinaryOp.MOD;
            case VelostreamSqlLexer.PLUS -> Expr.BinaryOp.ADD;
            case VelostreamSqlLexer.MINUS -> Expr.BinaryOp.SUB;
            case VelostreamSqlLexer.CONCAT -> Expr.BinaryOp.CONCAT;
            case VelostreamSqlLexer.EQ -> Expr.BinaryOp.EQ;
            case VelostreamSqlLexer.NEQ -> Expr.BinaryOp.NE;
            case VelostreamSqlLexer.LT -> Expr.BinaryOp.LT;
            case VelostreamSqlLexer.GT -> Expr.BinaryOp.GT;
            case VelostreamSqlLexer.LTE -> Expr.BinaryOp.LE;
            case VelostreamSqlLexer.GTE -> Expr.BinaryOp.GE;
            case VelostreamSqlLexer.TILDE -> Expr.BinaryOp.REGEX;
            default -> throw new IllegalStateException("not a binary operator: " + op.getText());
        };
    }

    @Override
    public Expr visitLiteralPrimary(LiteralPrimaryContext ctx) {
        return visit(ctx.literal());
    }

    @Override
    public Expr visitIntervalPrimary(IntervalPrimaryContext ctx) {
        return new Expr.Literal(pos(ctx.start), interval(ctx.intervalLiteral()), SqlType.INTERVAL);
    }

    @Override
    public Expr visitCaseExpr(CaseExprContext ctx) {
        List<Expr.When> whens = ctx.whenClause().stream()
                .map(w -> new Expr.When(visit(w.condition), visit(w.result))).toList();
        return new Expr.Case(pos(ctx.start), ctx.operand == null ? null : visit(ctx.operand), whens,
                ctx.elseResult == null ? null : visit(ctx.elseResult));
    }

    @Override
    public Expr visitCastExpr(CastExprContext ctx) {
        TypeNameContext type = ctx.typeName();
        Expr.TypeName typeName = new Expr.TypeName(identifier(type.identifier()).toUpperCase(Locale.ROOT),
                type.precision == null ? null : smallInteger(type.precision),
                type.scale == null ? null : smallInteger(type.scale));
        return new Expr.Cast(pos(ctx.start), visit(ctx.expression()), typeName);
    }

    @Override
    public Expr visitExistsExpr(ExistsExprContext ctx) {
        return new Expr.Exists(pos(ctx.start), query(ctx.query(), Role.SUBQUERY), false);
    }

    @Override
    public Expr visitScalarSubquery(ScalarSubqueryContext ctx) {
        return new Expr.ScalarSubquery(pos(ctx.start), query(ctx.query(), Role.SUBQUERY));
    }

    @Override
    public Expr visitParens(ParensContext ctx) {
        return visit(ctx.expression());
    }

    @Override
    public Expr visitExtractExpr(ExtractExprContext ctx) {
        Expr part = new Expr.Literal(pos(ctx.part.start), identifier(ctx.part).toUpperCase(Locale.ROOT), SqlType.STRING);
        return call(pos(ctx.start), "EXTRACT", List.of(part, visit(ctx.expression())));
    }

    @Override
    public Expr visitCurrentTime(CurrentTimeContext ctx) {
        return call(pos(ctx.start), ctx.fn.getText(), List.of());
    }

    private static Expr.Call call(Position pos, String name, List<Expr> args) {
        return new Expr.Call(pos, name, args, false, false, List.of(), null);
    }

    @Override
    public Expr visitCallExpr(CallExprContext ctx) {
        FunctionCallContext call = ctx.functionCall();
        FunctionNameContext fn = call.functionName();
        String name = fn.identifier() != null ? identifier(fn.identifier()) : fn.getText();
        return new Expr.Call(pos(ctx.start), name, exprs(call.expression()), call.DISTINCT() != null,
                call.STAR() != null, orderItems(call.orderItem()),
                call.overSpec() == null ? null : over(call.OVER().getSymbol(), call.overSpec()));
    }

    private Expr.Over over(Token overToken, OverSpecContext ctx) {
        FrameContext f = ctx.frame();
        Expr.Frame frame = null;
        if (f != null) {
            boolean range = f.unit.getType() == VelostreamSqlLexer.RANGE;
            frame = f.single != null
                    ? new Expr.Frame(range, bound(f.single), new Expr.FrameBound(Expr.BoundKind.CURRENT_ROW, null))
                    : new Expr.Frame(range, bound(f.start), bound(f.end));
        }
        return new Expr.Over(pos(overToken), ctx.buffer == null ? null : integer(ctx.buffer, false),
                exprs(ctx.expression()), orderItems(ctx.orderItem()), frame);
    }

    private Expr.FrameBound bound(FrameBoundContext ctx) {
        if (ctx instanceof UnboundedPrecedingContext) {
            return new Expr.FrameBound(Expr.BoundKind.UNBOUNDED_PRECEDING, null);
        }
        if (ctx instanceof UnboundedFollowingContext) {
            return new Expr.FrameBound(Expr.BoundKind.UNBOUNDED_FOLLOWING, null);
        }
        if (ctx instanceof CurrentRowContext) {
            return new Expr.FrameBound(Expr.BoundKind.CURRENT_ROW, null);
        }
        OffsetBoundContext offset = (OffsetBoundContext) ctx;
        return new Expr.FrameBound(offset.dir.getType() == VelostreamSqlLexer.PRECEDING
                ? Expr.BoundKind.PRECEDING : Expr.BoundKind.FOLLOWING, visit(offset.valueExpr()));
    }

    @Override
    public Expr visitColumnRef(ColumnRefContext ctx) {
        return new Expr.ColumnRef(pos(ctx.start), null, identifier(ctx.identifier()));
    }

    // ------------------------------------------------------------------ literals

    @Override
    public Expr visitIntegerLiteral(IntegerLiteralContext ctx) {
        return new Expr.Literal(pos(ctx.start), integer(ctx.start, false), SqlType.INTEGER);
    }

    @Override
    public Expr visitDecimalLiteral(DecimalLiteralContext ctx) {
        return new Expr.Literal(pos(ctx.start), Decimal.parse(ctx.getText()), SqlType.DECIMAL);
    }

    @Override
    public Expr visitFloatLiteral(FloatLiteralContext ctx) {
        return new Expr.Literal(pos(ctx.start), floating(ctx.start), SqlType.FLOAT);
    }

    @Override
    public Expr visitStringLiteral(StringLiteralContext ctx) {
        return new Expr.Literal(pos(ctx.start), unquote(ctx.getText()), SqlType.STRING);
    }

    @Override
    public Expr visitBooleanLiteral(BooleanLiteralContext ctx) {
        return new Expr.Literal(pos(ctx.start), ctx.TRUE() != null, SqlType.BOOLEAN);
    }

    @Override
    public Expr visitNullLiteral(NullLiteralContext ctx) {
        return new Expr.Literal(pos(ctx.start), null, SqlType.NULL);
    }

    private Long integer(Token token, boolean negative) {
        try {
            return Long.parseLong(negative ? "-" + token.getText() : token.getText());
        } catch (NumberFormatException e) {
            errors.add(token, "integer " + (negative ? "-" : "") + token.getText()
                    + " is out of range (64-bit); write it as a decimal, e.g. " + token.getText() + ".0");
            return 0L;
        }
    }

    private Integer smallInteger(Token token) {
        try {
            return Integer.parseInt(token.getText());
        } catch (NumberFormatException e) {
            errors.add(token, "number " + token.getText() + " is out of range");
            return 0;
        }
    }

    private double floating(Token token) {
        double value = Double.parseDouble(token.getText());
        if (Double.isInfinite(value)) {
            errors.add(token, "number " + token.getText() + " is out of range (64-bit float)");
        }
        return value;
    }

    private long millis(DurationContext ctx) {
        if (ctx.intervalLiteral() != null) {
            return interval(ctx.intervalLiteral()).toMillis();
        }
        String text = ctx.getText().toLowerCase(Locale.ROOT);
        int unitAt = text.length() - (text.endsWith("ms") ? 2 : 1);
        long factor = switch (text.substring(unitAt)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> 86_400_000; // "d": the lexer admits no other unit
        };
        try {
            return Math.multiplyExact(Long.parseLong(text.substring(0, unitAt)), factor);
        } catch (ArithmeticException | NumberFormatException e) {
            errors.add(ctx.start, "duration " + ctx.getText() + " is out of range");
            return 0;
        }
    }

    private Duration interval(IntervalLiteralContext ctx) {
        String amountText = ctx.amount.getType() == VelostreamSqlLexer.STRING
                ? unquote(ctx.amount.getText()).trim() : ctx.amount.getText();
        String unitText = identifier(ctx.unit).toUpperCase(Locale.ROOT);
        ChronoUnit unit = switch (unitText.endsWith("S") ? unitText.substring(0, unitText.length() - 1) : unitText) {
            case "MILLISECOND" -> ChronoUnit.MILLIS;
            case "SECOND" -> ChronoUnit.SECONDS;
            case "MINUTE" -> ChronoUnit.MINUTES;
            case "HOUR" -> ChronoUnit.HOURS;
            case "DAY" -> ChronoUnit.DAYS;
            default -> null;
        };
        if (unit == null) {
            errors.add(ctx.unit.start, "unknown INTERVAL unit '" + identifier(ctx.unit)
                    + "', expected MILLISECOND, SECOND, MINUTE, HOUR or DAY");
            return Duration.ZERO;
        }
        try {
            return Duration.of(Long.parseLong(amountText), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            errors.add(ctx.amount, "invalid INTERVAL amount " + ctx.amount.getText() + ", expected a whole number");
            return Duration.ZERO;
        }
    }

    // ------------------------------------------------------------------ names

    private static String name(NameContext ctx) {
        return ctx.DQ_STRING() != null ? unquote(ctx.getText()) : identifier(ctx.identifier());
    }

    private static String identifier(IdentifierContext ctx) {
        return ctx.BACKQUOTED_IDENTIFIER() != null ? unquote(ctx.getText()) : ctx.getText();
    }

    /** Strips the quotes of a '…', "…" or `…` token and undoes the doubled-quote escape. */
    private static String unquote(String quoted) {
        String q = quoted.substring(0, 1);
        return quoted.substring(1, quoted.length() - 1).replace(q + q, q);
    }

    private static Position pos(Token token) {
        return new Position(token.getLine(), token.getCharPositionInLine() + 1);
    }
}
