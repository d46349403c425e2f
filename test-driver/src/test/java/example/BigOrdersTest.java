package example;

import io.velostream.test.TestOutput;
import io.velostream.test.VelostreamTestDriver;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plain-JUnit example of docs/spring-boot.md (Testing without a broker), verbatim, in a user's
 * package: it compiles against the public API only, and passes.
 */
class BigOrdersTest {
    @Test
    void keepsOrdersOver100() {
        TestOutput out = VelostreamTestDriver.sql("CREATE STREAM big AS SELECT id FROM orders WHERE amount > 100")
                .input("orders", 1_000, Map.of("id", 1, "amount", 50))    // topic, event time (ms), values
                .input("orders", 2_000, Map.of("id", 2, "amount", 150))
                .run();
        assertThat(out.values("big")).containsExactly(Map.of("id", 2L));  // INTEGER is a Long
        assertThat(out.metrics("big").recordsIn()).isEqualTo(2);
    }
}
