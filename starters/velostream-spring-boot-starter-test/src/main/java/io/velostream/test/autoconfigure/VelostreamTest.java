package io.velostream.test.autoconfigure;

import io.velostream.engine.function.ScalarFunction;
import io.velostream.engine.function.aggregate.AggregateFunction;
import io.velostream.test.VelostreamTestDriver;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test slice for a service's SQL: no broker, no jobs started. Only the beans a query can call
 * are loaded ({@link ScalarFunction} and {@link AggregateFunction} components), and a
 * {@link VelostreamTestDriver} is injectable, prototype-scoped, holding the SQL of
 * {@code velostream.sql} and those functions:
 *
 * <pre>{@code
 * @VelostreamTest(properties = "velostream.sql=classpath:sql/*.sql")
 * class OrdersSqlTest {
 *     @Autowired VelostreamTestDriver driver;
 *
 *     @Test void bigOrders() {
 *         TestOutput out = driver.input("orders", 1_000, Map.of("id", 1, "amount", 150)).run();
 *         assertThat(out.values("big_orders")).hasSize(1);
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(VelostreamTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(VelostreamTypeExcludeFilter.class)
@AutoConfigureVelostreamTestDriver
@ImportAutoConfiguration
public @interface VelostreamTest {
    /** Properties in {@code key=value} form added to the environment before the test runs. */
    String[] properties() default {};

    /** Whether the default component scan filters apply (the slice's includes on top of them). */
    boolean useDefaultFilters() default true;

    /** More components to include in the slice. */
    org.springframework.context.annotation.ComponentScan.Filter[] includeFilters() default {};

    /** Components to leave out of the slice. */
    org.springframework.context.annotation.ComponentScan.Filter[] excludeFilters() default {};

    /** Auto-configuration to leave out. */
    @AliasFor(annotation = ImportAutoConfiguration.class, attribute = "exclude")
    Class<?>[] excludeAutoConfiguration() default {};
}
