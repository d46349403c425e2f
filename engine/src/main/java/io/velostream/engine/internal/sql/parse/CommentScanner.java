package io.velostream.engine.internal.sql.parse;

import io.velostream.engine.internal.sql.ast.Statement;
import org.antlr.v4.runtime.BufferedTokenStream;
import org.antlr.v4.runtime.Token;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads statement annotations ({@code -- @key: value}) and the file header from the comment
 * channel of a lexed application.
 *
 * <p>A statement's annotations are the {@code -- @key: value} lines above it, back to the previous
 * statement: blank lines and other comments may come between, as in the original's demos, where
 * headings like {@code -- Observability: price gauge} separate several {@code @metric} blocks. The header
 * holds {@code -- SQL Application:}, {@code -- Version:} and {@code -- Description:} lines before the
 * first statement, and the file-level annotations {@code @app} and {@code @observability.*} wherever
 * they are (they never annotate a statement, even directly above one).
 */
final class CommentScanner {
    static final int COMMENT_CHANNEL = 2;
    private static final Pattern ANNOTATION = Pattern.compile("--\\s*@([A-Za-z_][\\w.]*)\\s*:(.*)");
    private static final Pattern HEADER =
            Pattern.compile("--\\s*(SQL Application|Version|Description)\\s*:(.*)", Pattern.CASE_INSENSITIVE);
    private static final List<String> HEADER_KEYS = List.of("SQL Application", "Version", "Description");

    private final BufferedTokenStream tokens;
    private final Map<String, String> header = new LinkedHashMap<>();

    CommentScanner(BufferedTokenStream tokens) {
        this.tokens = tokens;
    }

    /** Scans the comments before {@code firstStatement} (null: the whole file) for header lines. */
    void scanHeader(Token firstStatement) {
        int end = firstStatement == null ? tokens.size() : firstStatement.getTokenIndex();
        for (int i = 0; i < end; i++) {
            Token t = tokens.get(i);
            if (t.getChannel() != COMMENT_CHANNEL || t.getType() != VelostreamSqlLexer.LINE_COMMENT) {
                continue;
            }
            Matcher h = HEADER.matcher(t.getText());
            Matcher a = ANNOTATION.matcher(t.getText());
            if (h.matches()) {
                String key = HEADER_KEYS.stream().filter(k -> k.equalsIgnoreCase(h.group(1))).findFirst().orElseThrow();
                header.put(key, h.group(2).trim());
            } else if (a.matches() && isFileLevel(a.group(1))) {
                header.put(a.group(1), a.group(2).trim());
            }
        }
    }

    List<Statement.Annotation> annotationsAbove(Token statementStart) {
        List<Token> comments = tokens.getHiddenTokensToLeft(statementStart.getTokenIndex(), COMMENT_CHANNEL);
        if (comments == null) {
            return List.of();
        }
        int before = comments.get(0).getTokenIndex() - 1;
        int previousSqlLine = before >= 0 ? tokens.get(before).getLine() : 0;
        List<Statement.Annotation> annotations = new ArrayList<>();
        for (Token c : comments) {
            Matcher m = ANNOTATION.matcher(c.getText());
            // A comment sharing a line with the previous statement trails it; it annotates nothing.
            if (c.getType() != VelostreamSqlLexer.LINE_COMMENT || c.getLine() == previousSqlLine || !m.matches()) {
                continue;
            }
            String key = m.group(1);
            String value = m.group(2).trim();
            if (isFileLevel(key)) {
                header.put(key, value);
            } else {
                annotations.add(new Statement.Annotation(key, value, c.getLine()));
            }
        }
        return List.copyOf(annotations);
    }

    Map<String, String> header() {
        return header;
    }

    private static boolean isFileLevel(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.equals("app") || k.startsWith("observability.");
    }
}
