package io.velostream.engine.sql;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that decides which settings are secret and masks them wherever SQL text or a
 * setting is shown: error excerpts, the service's endpoint, its environment (docs/kafka.md#security).
 * A key is secret when it names a password, a secret, a token, credentials, a JAAS configuration
 * ({@code sasl.jaas.config} holds the password), a registry's user info ({@code user:password}) or a key ({@code ssl.keystore.key}, a PEM private key).
 */
public final class Secrets {
    /** What a secret value is shown as: Spring Boot's sanitized value. */
    public static final String MASK = "******";

    private static final Pattern SECRET_KEY = Pattern.compile(
            "password|secret|token|credential|jaas|user[.-]info|(^|\\.)key$");
    /**
     * One WITH property: a quoted or dotted key, then '=' and a quoted value ({@code ''} escapes a quote).
     * The '=' may be missing or doubled, as in the excerpt of a syntax error. Possessive, so a literal of
     * any length is one step, not one stack frame per character; a key starts no match inside a word, so a long
     * word is scanned once, not once per character.
     */
    private static final Pattern PROPERTY = Pattern.compile(
            "('(?:[^']++|'')*+'|\"(?:[^\"]++|\"\")*+\"|(?<![\\w.])[A-Za-z_][\\w.]*+)([\\s=]*+)('(?:[^']++|'')*+'|\"(?:[^\"]++|\"\")*+\")");

    private Secrets() {
    }

    /** Whether the value of {@code key} (a WITH key with or without its endpoint prefix, a client property) is secret. */
    public static boolean isSecret(String key) {
        return key != null && SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).find();
    }

    /** {@code sql} with the value of every secret WITH property replaced by {@link #MASK}; null stays null. */
    public static String mask(String sql) {
        if (sql == null || sql.indexOf('=') < 0) {
            return sql;
        }
        Matcher m = PROPERTY.matcher(sql);
        StringBuilder out = new StringBuilder(sql.length());
        while (m.find()) {
            String key = m.group(1);
            if (isSecret(key.charAt(0) == '\'' || key.charAt(0) == '"' ? key.substring(1, key.length() - 1) : key)) {
                char quote = m.group(3).charAt(0);
                m.appendReplacement(out, Matcher.quoteReplacement(key + m.group(2) + quote + MASK + quote));
            } else {
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
            }
        }
        m.appendTail(out);
        return out.toString();
    }
}
