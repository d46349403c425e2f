package io.velostream.example.payments;

import io.velostream.test.TestOutput;
import io.velostream.test.VelostreamTestDriver;
import io.velostream.test.autoconfigure.VelostreamTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The service's SQL with its MASK_CARD bean, in memory: no broker, no jobs started
 * ({@code @VelostreamTest}, docs/spring-boot.md#testing-without-a-broker). The {@code alerts}
 * sink is an in-memory topic here, as every endpoint is in the driver.
 */
@VelostreamTest(properties = "velostream.sql=classpath:sql/*.sql")
class PaymentsSqlTest {
    @Autowired
    VelostreamTestDriver driver;

    @Test
    void largePaymentsAreMaskedAndTheThirdPerAccountRaisesAnAlert() {
        TestOutput out = driver
                .input("payments", 1_000, payment(1, "acc-1", "4111111111111111", 1500))
                .input("payments", 2_000, payment(2, "acc-1", "4111111111111111", 20))
                .input("payments", 3_000, payment(3, "acc-2", "5500000000000004", 2000))
                .input("payments", 4_000, payment(4, "acc-1", "4111111111111111", 3000))
                .input("payments", 5_000, payment(5, "acc-1", "4111111111111111", 1200))
                .run();

        assertThat(out.values("large_payments")).extracting(v -> v.get("id"), v -> v.get("card")).containsExactly(
                tuple(1L, "************1111"),
                tuple(3L, "************0004"),
                tuple(4L, "************1111"),
                tuple(5L, "************1111"));
        assertThat(out.values("alerts")).containsExactly(Map.of("account", "acc-1", "payments", 3L, "total", 5700L));
    }

    static Map<String, Object> payment(int id, String account, String card, int amount) {
        return Map.of("id", id, "account", account, "card", card, "amount", amount);
    }
}
