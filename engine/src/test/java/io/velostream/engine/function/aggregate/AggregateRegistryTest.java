package io.velostream.engine.function.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.velostream.engine.function.Argument;
import io.velostream.engine.record.SqlType;
import java.io.DataInput;
import java.io.DataOutput;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class AggregateRegistryTest {
    /** A user aggregate: the product of the inputs (the expression compiler tests use it too). */
    public static final class Product implements AggregateFunction {
        private final String name;

        public Product() {
            this("PRODUCT");
        }

        Product(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public BoundAggregate bind(List<Argument> args, boolean distinct, List<Object> directArgs) {
            return new BoundAggregate() {
                @Override
                public SqlType returnType() {
                    return SqlType.FLOAT;
                }

                @Override
                public int inputCount() {
                    return 1;
                }

                @Override
                public boolean supportsRemove() {
                    return false;
                }

                @Override
                public Accumulator newAccumulator() {
                    return new Accumulator() {
                        double product = 1;

                        @Override
                        public void add(Object value) {
                            product *= ((Number) value).doubleValue();
                        }

                        @Override
                        public Object result() {
                            return product;
                        }

                        @Override
                        public void merge(Accumulator other) {
                            product *= (Double) other.result();
                        }

                        @Override
                        public void writeTo(DataOutput out) throws java.io.IOException {
                            out.writeDouble(product);
                        }

                        @Override
                        public void readFrom(DataInput in) throws java.io.IOException {
                            product = in.readDouble();
                        }
                    };
                }
            };
        }
    }

    @Test
    void everyAggregateOfTheDialectIsBuiltIn() {
        assertThat(AggregateRegistry.builtins().names()).containsExactlyInAnyOrder(
                "COUNT", "COUNT_DISTINCT", "SUM", "AVG", "MIN", "MAX", "DELTA", "FIRST_VALUE", "FIRST", "LAST_VALUE",
                "LAST", "APPROX_COUNT_DISTINCT", "STRING_AGG", "GROUP_CONCAT", "LISTAGG", "COLLECT", "MEDIAN",
                "PERCENTILE_CONT", "PERCENTILE_DISC", "STDDEV", "STDDEV_SAMP", "STDDEV_POP", "VARIANCE", "VAR_SAMP",
                "VAR_POP", "CORR", "COVAR_POP", "COVAR_SAMP", "REGR_SLOPE", "REGR_INTERCEPT", "REGR_R2");
    }

    @Test
    void findIsCaseInsensitiveAndKnowsAliases() {
        AggregateRegistry registry = AggregateRegistry.builtins();
        assertThat(registry.find("sum")).get().extracting(AggregateFunction::name).isEqualTo("SUM");
        assertThat(registry.find("Stddev_Samp")).get().extracting(AggregateFunction::name).isEqualTo("STDDEV");
        assertThat(registry.find("group_concat")).get().extracting(AggregateFunction::name).isEqualTo("STRING_AGG");
        assertThat(registry.find("UPPER")).isEmpty();
    }

    @Test
    void aUserAggregateCannotTakeABuiltInName() {
        AggregateRegistry registry = AggregateRegistry.builtins();
        assertThatThrownBy(() -> registry.register(new Product("first"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FIRST").hasMessageContaining("FIRST_VALUE");
        assertThat(registry.find("PRODUCT")).isEmpty();
        registry.register(new Product());
        assertThat(registry.find("product")).isPresent();
    }

    @Test
    void userAggregatesArePickedUpThroughServiceLoader(@TempDir Path dir) throws Exception {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(AggregateFunction.class.getName()), Product.class.getName() + "\n");
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            AggregateRegistry registry = AggregateRegistry.load(loader);
            BoundAggregate b = registry.find("PRODUCT").orElseThrow().bind(List.of(Argument.of(SqlType.INTEGER)), false, List.of());
            assertThat(Agg.run(b, 2L, 3L, 4L)).isEqualTo(24.0);
            assertThat(registry.find("SUM")).isPresent();
        }
    }
}
