/*
 * The Velostream SQL dialect (docs/sql-dialect.md). AstBuilder turns the parse tree into the AST;
 * checks that need more than syntax (clause order, duplicate clauses, window arguments, literal
 * ranges and INTERVAL units) live there, so the grammar stays permissive and the messages precise.
 *
 * Double quotes: "text" is a STRING literal wherever an expression is expected (as in the original
 * Velostream, and as users writing  status = "active"  expect); where only a name can stand (aliases,
 * source/sink/stream names, WITH keys) it is a quoted name. Column references with unusual
 * characters use back-ticks.
 *
 * Keywords are case-insensitive. Words in nonReserved stay usable as column names, aliases and
 * function names; LEFT, RIGHT and JOIN only as function names (elsewhere they would make
 * "FROM a LEFT JOIN b" ambiguous). Type names, INTERVAL units, EXTRACT parts and function names are
 * plain identifiers, so timestamp, date, key, value, count, type, year … need no quoting.
 */
grammar VelostreamSql;

options { caseInsensitive = true; }

application     : SEMI* (statement (SEMI+ statement)* SEMI*)? EOF ;
singleStatement : statement SEMI* EOF ;
singleExpression: expression EOF ;

statement
    : CREATE kind=(STREAM | TABLE) name AS query   # createAs
    | INSERT INTO name query                       # insertInto
    | query                                        # selectStatement
    ;

query : select (UNION ALL select)* ;

select
    : SELECT DISTINCT? selectItem (COMMA selectItem)*
      FROM source joinClause*
      (WHERE where=expression)?
      tailClause*
    ;

// Any order here; AstBuilder enforces the clause order of docs/sql-parsing.md outside CREATE … AS and rejects repeats.
tailClause
    : GROUP BY expression (COMMA expression)*       # groupByClause
    | WINDOW windowSpec                             # windowClause
    | HAVING expression                             # havingClause
    | ORDER BY orderItem (COMMA orderItem)*         # orderByClause
    | LIMIT INTEGER_LITERAL                         # limitClause
    | EMIT emitMode=(CHANGES | FINAL)                 # emitClause
    | INTO name                                     # intoClause
    | WITH LPAREN property (COMMA property)* RPAREN # withClause
    ;

selectItem
    : STAR                                          # starItem
    | identifier DOT STAR                           # qualifiedStarItem
    | expression alias? (PRIMARY KEY)?              # exprItem
    ;

alias : AS? name ;

source
    : (name | LPAREN query RPAREN) alias?
    ;

joinClause
    : joinType? JOIN source ON expression (WITHIN duration)?
    ;

joinType : INNER | LEFT OUTER? | RIGHT OUTER? | FULL OUTER? ;

// Arguments are classified in AstBuilder: an optional leading time column, then durations.
windowSpec
    : kind=(TUMBLING | SLIDING | SESSION) LPAREN windowArg (COMMA windowArg)* (COMMA GRACE PERIOD grace=duration)? RPAREN
    ;

windowArg : duration | expression ;

duration : DURATION_LITERAL | intervalLiteral ;

intervalLiteral : INTERVAL amount=(STRING | INTEGER_LITERAL) unit=identifier ;

orderItem : expression dir=(ASC | DESC)? (NULLS nulls=(FIRST | LAST))? ;

property : key=propertyKey EQ value=propertyValue ;

propertyKey : STRING | DQ_STRING | identifier (DOT identifier)* ;

propertyValue
    : STRING | DQ_STRING | MINUS? (INTEGER_LITERAL | DECIMAL_LITERAL | FLOAT_LITERAL)
    | DURATION_LITERAL | TRUE | FALSE | identifier (DOT identifier)*
    ;

// ---------------------------------------------------------------- expressions, lowest first

// NOT binds looser than a comparison, as in standard SQL: NOT a = b is NOT (a = b). The dialect
// lists NOT beside unary minus; read that way NOT a = b is a type error for every non-boolean a,
// so no query that is valid there changes meaning here (docs/sql.md).
expression
    : predicate                       # predicateExpr
    | NOT expression                  # notExpr
    | expression AND expression       # andExpr
    | expression OR expression        # orExpr
    ;

predicate : valueExpr predicateSuffix? ;

predicateSuffix
    : op=(EQ | NEQ | LT | GT | LTE | GTE | TILDE) valueExpr   # comparison
    | NOT? IN LPAREN query RPAREN                            # inSubquery
    | NOT? IN LPAREN expression (COMMA expression)* RPAREN   # inList
    | NOT? BETWEEN low=valueExpr AND high=valueExpr          # between
    | NOT? LIKE valueExpr                                    # like
    | IS NOT? NULL                                           # isNull
    ;

// Alternatives listed first bind tighter (docs/sql-parsing.md: unary - above * / %, above + -, above ||).
valueExpr
    : primary                                               # primaryValue
    | valueExpr LBRACKET expression RBRACKET                # subscript
    | valueExpr DOT identifier                              # dotAccess
    | op=MINUS valueExpr                                    # unary
    | valueExpr op=(STAR | SLASH | PERCENT) valueExpr       # multiplicative
    | valueExpr op=(PLUS | MINUS) valueExpr                 # additive
    | valueExpr CONCAT valueExpr                            # concat
    ;

primary
    : literal                                                        # literalPrimary
    | intervalLiteral                                                # intervalPrimary
    | CASE operand=expression? whenClause+ (ELSE elseResult=expression)? END  # caseExpr
    | CAST LPAREN expression AS typeName RPAREN                      # castExpr
    | EXISTS LPAREN query RPAREN                                     # existsExpr
    | LPAREN query RPAREN                                            # scalarSubquery
    | LPAREN expression RPAREN                                       # parens
    | EXTRACT LPAREN part=identifier FROM expression RPAREN          # extractExpr
    | fn=(CURRENT_TIMESTAMP | CURRENT_DATE) (LPAREN RPAREN)?         # currentTime
    | functionCall                                                   # callExpr
    | identifier                                                     # columnRef
    ;

whenClause : WHEN condition=expression THEN result=expression ;

typeName : identifier (LPAREN precision=INTEGER_LITERAL (COMMA scale=INTEGER_LITERAL)? RPAREN)? ;

functionCall
    : functionName LPAREN (STAR | DISTINCT? expression (COMMA expression)*)? RPAREN
      (WITHIN GROUP LPAREN ORDER BY orderItem (COMMA orderItem)* RPAREN)?
      (OVER LPAREN overSpec RPAREN)?
    ;

functionName : identifier | LEFT | RIGHT | JOIN ;

overSpec
    : (ROWS WINDOW BUFFER buffer=INTEGER_LITERAL ROWS)?
      (PARTITION BY expression (COMMA expression)*)?
      (ORDER BY orderItem (COMMA orderItem)*)?
      frame?
    ;

frame : unit=(ROWS | RANGE) (BETWEEN start=frameBound AND end=frameBound | single=frameBound) ;

frameBound
    : UNBOUNDED PRECEDING          # unboundedPreceding
    | UNBOUNDED FOLLOWING          # unboundedFollowing
    | CURRENT ROW                  # currentRow
    | valueExpr dir=(PRECEDING | FOLLOWING) # offsetBound
    ;

literal
    : INTEGER_LITERAL   # integerLiteral
    | DECIMAL_LITERAL   # decimalLiteral
    | FLOAT_LITERAL     # floatLiteral
    | STRING            # stringLiteral
    | DQ_STRING         # stringLiteral
    | (TRUE | FALSE)    # booleanLiteral
    | NULL              # nullLiteral
    ;

// A name where no expression can stand: double quotes quote it here.
name : identifier | DQ_STRING ;

identifier : IDENTIFIER | BACKQUOTED_IDENTIFIER | nonReserved ;

nonReserved
    : KEY | FIRST | LAST | ASC | DESC | NULLS | CHANGES | FINAL | STREAM | TABLE
    | TUMBLING | SLIDING | SESSION | GRACE | PERIOD | BUFFER | PARTITION | ROWS | RANGE
    | CURRENT | ROW | EXTRACT
    ;

// ---------------------------------------------------------------- lexer

ALL: 'ALL'; AND: 'AND'; AS: 'AS'; ASC: 'ASC'; BETWEEN: 'BETWEEN'; BUFFER: 'BUFFER'; BY: 'BY';
CASE: 'CASE'; CAST: 'CAST'; CHANGES: 'CHANGES'; CREATE: 'CREATE'; CURRENT: 'CURRENT';
CURRENT_DATE: 'CURRENT_DATE'; CURRENT_TIMESTAMP: 'CURRENT_TIMESTAMP'; DESC: 'DESC';
DISTINCT: 'DISTINCT'; ELSE: 'ELSE'; EMIT: 'EMIT'; END: 'END'; EXISTS: 'EXISTS'; EXTRACT: 'EXTRACT';
FALSE: 'FALSE'; FINAL: 'FINAL'; FIRST: 'FIRST'; FOLLOWING: 'FOLLOWING'; FROM: 'FROM'; FULL: 'FULL';
GRACE: 'GRACE'; GROUP: 'GROUP'; HAVING: 'HAVING'; IN: 'IN'; INNER: 'INNER'; INSERT: 'INSERT';
INTERVAL: 'INTERVAL'; INTO: 'INTO'; IS: 'IS'; JOIN: 'JOIN'; KEY: 'KEY'; LAST: 'LAST'; LEFT: 'LEFT';
LIKE: 'LIKE'; LIMIT: 'LIMIT'; NOT: 'NOT'; NULL: 'NULL'; NULLS: 'NULLS'; ON: 'ON'; OR: 'OR';
ORDER: 'ORDER'; OUTER: 'OUTER'; OVER: 'OVER'; PARTITION: 'PARTITION'; PERIOD: 'PERIOD';
PRECEDING: 'PRECEDING'; PRIMARY: 'PRIMARY'; RANGE: 'RANGE'; RIGHT: 'RIGHT'; ROW: 'ROW'; ROWS: 'ROWS';
SELECT: 'SELECT'; SESSION: 'SESSION'; SLIDING: 'SLIDING'; STREAM: 'STREAM'; TABLE: 'TABLE';
THEN: 'THEN'; TRUE: 'TRUE'; TUMBLING: 'TUMBLING'; UNBOUNDED: 'UNBOUNDED'; UNION: 'UNION';
WHEN: 'WHEN'; WHERE: 'WHERE'; WINDOW: 'WINDOW'; WITH: 'WITH'; WITHIN: 'WITHIN';

EQ: '='; NEQ: '!=' | '<>'; LTE: '<='; GTE: '>='; LT: '<'; GT: '>'; TILDE: '~';
PLUS: '+'; MINUS: '-'; STAR: '*'; SLASH: '/'; PERCENT: '%'; CONCAT: '||';
LPAREN: '('; RPAREN: ')'; LBRACKET: '['; RBRACKET: ']'; COMMA: ','; DOT: '.'; SEMI: ';';

// Before BAD_NUMBER so that 5m and 1e3 win the tie against it.
DURATION_LITERAL: DIGIT+ ('MS' | 'S' | 'M' | 'H' | 'D');
FLOAT_LITERAL: (DIGIT+ ('.' DIGIT*)? | '.' DIGIT+) 'E' [+-]? DIGIT+;
DECIMAL_LITERAL: DIGIT+ '.' DIGIT+ | '.' DIGIT+;
INTEGER_LITERAL: DIGIT+;
// A number run into letters (12abc, 1e): one clear error instead of a number and an alias.
BAD_NUMBER: DIGIT+ ('.' DIGIT*)? [A-Z_] [A-Z_0-9]*;

STRING: '\'' (~'\'' | '\'\'')* '\'';
UNTERMINATED_STRING: '\'' (~'\'' | '\'\'')*;
DQ_STRING: '"' (~'"' | '""')* '"';
BACKQUOTED_IDENTIFIER: '`' (~'`' | '``')* '`';
IDENTIFIER: [A-Z_] [A-Z_0-9]*;

// Comments stay on their own channel: SqlParser reads annotations and the file header from them.
LINE_COMMENT: '--' ~[\r\n]* -> channel(2);
BLOCK_COMMENT: '/*' .*? '*/' -> channel(2);
WS: [ \t\r\n\f]+ -> skip;

// Malformed input becomes tokens, so the parser reports it in place with one clear message.
UNTERMINATED_COMMENT: '/*' (~'*' | '*'+ ~[*/])* '*'* EOF;
UNEXPECTED_CHARACTER: .;

fragment DIGIT: [0-9];
