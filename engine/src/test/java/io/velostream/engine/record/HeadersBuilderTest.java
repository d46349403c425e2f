package io.velostream.engine.record;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Headers built at once equal headers built one {@link Headers#with} at a time. */
class HeadersBuilderTest {
    @Test
    void aBuilderGivesWhatWithGivesForRandomKeysWithRepeats() {
        Random random = new Random(1403);
        for (int round = 0; round < 500; round++) {
            int n = random.nextInt(8);
            Headers.Builder builder = new Headers.Builder(random.nextInt(3));
            Headers stepwise = Headers.EMPTY;
            for (int i = 0; i < n; i++) {
                String key = "k" + random.nextInt(4);
                String value = random.nextInt(5) == 0 ? null : "v" + random.nextInt(10);
                builder.put(key, value);
                stepwise = stepwise.with(key, value);
            }
            Headers built = builder.build();
            assertThat(built).isEqualTo(stepwise);
            assertThat(built.keys()).isEqualTo(stepwise.keys());
            assertThat(built.toString()).isEqualTo(stepwise.toString());
        }
        assertThat(new Headers.Builder(4).build()).isSameAs(Headers.EMPTY);
        assertThatThrownBy(() -> new Headers.Builder(1).put(null, "v")).isInstanceOf(IllegalArgumentException.class);
    }
}
