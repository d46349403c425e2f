package io.velostream.test.autoconfigure;

import io.velostream.test.TestOutput;
import io.velostream.test.VelostreamTestDriver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@VelostreamTest(properties = "velostream.sql=classpath:slice/*.sql")
class VelostreamTestSliceTest {
    @Autowired
    VelostreamTestDriver driver;
    @Autowired
    VelostreamTestDriver another;
    @Autowired
    ApplicationContext context;

    @Test
    void runsTheServiceSqlFilesInOrderWithTheFunctionBeans() {
        TestOutput out = driver.input("orders", 1_000, Map.of("id", 1, "amount", 50))
                .input("orders", 2_000, Map.of("id", 2, "amount", 150))
                .input("orders", 3_000, Map.of("id", 3, "amount", 200))
                .run();
        assertThat(out.values("big_orders")).containsExactly(Map.of("id", 2L, "doubled", 300L),
                Map.of("id", 3L, "doubled", 400L));
        assertThat(out.values("totals")).containsExactly(Map.of("n", 2L, "total", 700L));
    }

    @Test
    void eachInjectionIsAFreshDriver() {
        assertThat(driver).isNotSameAs(another);
        driver.input("orders", 1_000, Map.of("id", 1, "amount", 500));
        assertThat(another.run().values("big_orders")).isEmpty();
    }

    @Test
    void loadsOnlyWhatAQueryCanCall() {
        assertThat(context.getBeansOfType(Twice.class)).hasSize(1);
        assertThat(context.getBeansOfType(OrderService.class)).isEmpty();
        assertThat(context.containsBean("velostreamJobs")).as("no service jobs in a slice").isFalse();
    }
}
