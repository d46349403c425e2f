package io.velostream.engine.sql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {
    @Test
    void passwordsJaasTokensAndPrivateKeysAreSecretOtherSettingsAreNot() {
        assertThat(Secrets.isSecret("sasl.jaas.config")).isTrue();
        assertThat(Secrets.isSecret("orders.ssl.keystore.password")).isTrue();
        assertThat(Secrets.isSecret("ssl.key.password")).isTrue();
        assertThat(Secrets.isSecret("ssl.keystore.key")).isTrue();
        assertThat(Secrets.isSecret("basic.auth.user.info")).isTrue();
        assertThat(Secrets.isSecret("orders.schema.registry.basic.auth.user.info")).isTrue();
        assertThat(Secrets.isSecret("velostream.schema-registry.basic-auth-user-info")).isTrue();
        assertThat(Secrets.isSecret("spring.kafka.properties.sasl.jaas.config")).isTrue();
        assertThat(Secrets.isSecret("ssl.keystore.location")).isFalse();
        assertThat(Secrets.isSecret("t.primary_key")).isFalse();
        assertThat(Secrets.isSecret("security.protocol")).isFalse();
        assertThat(Secrets.isSecret(null)).isFalse();
    }

    @Test
    void theValuesOfSecretWithPropertiesAreMaskedWhateverTheirQuotingAndTheRestIsKept() {
        String sql = "CREATE STREAM o AS SELECT * FROM i WITH ('security.protocol' = 'SASL_SSL',\n"
                + "  'i.sasl.jaas.config'='x required username=\"u\" password=\"p1\";', \"ssl.key.password\" = \"p2\",\n"
                + "  ssl.keystore.password = 'it''s p3', 't.primary_key' = 'id')";
        assertThat(Secrets.mask(sql)).isEqualTo("CREATE STREAM o AS SELECT * FROM i WITH ('security.protocol' = 'SASL_SSL',\n"
                + "  'i.sasl.jaas.config'='******', \"ssl.key.password\" = \"******\",\n"
                + "  ssl.keystore.password = '******', 't.primary_key' = 'id')");
        assertThat(Secrets.mask("SELECT a FROM b")).isEqualTo("SELECT a FROM b");
        assertThat(Secrets.mask(null)).isNull();
    }

    @Test
    void hugeLiteralsAndWordsAreScannedInLinearTime() {
        String huge = "x".repeat(2_000_000);
        assertThat(Secrets.mask("SELECT '" + huge + "' AS x WITH ('sasl.jaas.config' = '" + huge + "')"))
                .isEqualTo("SELECT '" + huge + "' AS x WITH ('sasl.jaas.config' = '******')");
        assertThat(Secrets.mask("SELECT " + huge + " = 1")).isEqualTo("SELECT " + huge + " = 1");
    }

    @Test
    void anErrorExcerptShowsNoSecret() {
        SqlError error = new SqlError("app.sql", 2, 3, "syntax error", "  'sasl.jaas.config' = 'password=\"p1\"' oops");
        assertThat(error.format()).doesNotContain("p1").contains("'sasl.jaas.config' = '******' oops");
    }
}
