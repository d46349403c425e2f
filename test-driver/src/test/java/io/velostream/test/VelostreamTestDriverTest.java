package io.velostream.test;

import io.velostream.engine.function.BoundFunction;
import io.velostream.engine.function.ScalarFunction;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.sql.SqlException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VelostreamTestDriverTest {
    @Test
    void filtersTheGivenRecords() {
        TestOutput out = VelostreamTestDriver.sql("CREATE STREAM big AS SELECT id, amount FROM orders WHERE amount > 100")
                .input("orders", 1_000, Map.of("id", 1, "amount", 50))
                .input("orders", 2_000, Map.of("id", 2, "amount", new BigDecimal("150.50")))
                .run();
        assertThat(out.values("big")).hasSize(1);
        assertThat(out.values("big").get(0).get("id")).isEqualTo(2L);
        assertThat(out.values("big").get(0).get("amount")).hasToString("150.50");
        assertThat(out.records("big").get(0).eventTime()).isEqualTo(2_000);
        assertThat(out.metrics("big").recordsIn()).isEqualTo(2);
    }

    @Test
    void windowsCloseOnTheGivenEventTimes() {
        TestOutput out = VelostreamTestDriver.sql("""
                        CREATE STREAM per_symbol AS
                        SELECT symbol, COUNT(*) AS n, _window_start AS window_start
                        FROM trades GROUP BY symbol WINDOW TUMBLING(10s)""")
                .input("trades", 1_000, Map.of("symbol", "A"))
                .input("trades", 9_000, Map.of("symbol", "A"))
                .input("trades", 12_000, Map.of("symbol", "A"))
                .input("trades", 5_000, Map.of("symbol", "A"))
                .run();
        assertThat(out.values("per_symbol")).containsExactly(
                Map.of("symbol", "A", "n", 2L, "window_start", 0L),
                Map.of("symbol", "A", "n", 1L, "window_start", 10_000L));
        assertThat(out.metrics("per_symbol").lateRecords()).as("5000 came after [0, 10000) closed").isEqualTo(1);
    }

    @Test
    void laterStatementsReadWhatEarlierOnesWroteAndKafkaEndpointsAreInMemory() {
        TestOutput out = VelostreamTestDriver.sql("""
                        CREATE STREAM big AS SELECT id, amount FROM orders WHERE amount > 100
                        WITH ('orders.type' = 'kafka_source', 'orders.topic' = 'orders-v1', 'big.type' = 'kafka_sink');
                        CREATE STREAM doubled AS SELECT id, TWICE(amount) AS amount2 FROM big;""")
                .function(new Twice())
                .input("orders-v1", 1, Map.of("id", 1, "amount", 500))
                .input("orders-v1", 2, Map.of("id", 2, "amount", 5))
                .run();
        assertThat(out.values("doubled")).containsExactly(Map.of("id", 1L, "amount2", 1000L));
    }

    @Test
    void recordsWithDifferentFieldsShareTheTopicSchema() {
        TestOutput out = VelostreamTestDriver.sql("CREATE STREAM named AS SELECT id, name FROM people")
                .input("people", 1, Map.of("id", 1))
                .input("people", 2, Map.of("id", 2, "name", "bo"))
                .run();
        assertThat(out.values("named")).extracting(m -> m.get("name")).containsExactly(null, "bo");
    }

    @Test
    void invalidSqlFailsWithLineAndColumn() {
        assertThatThrownBy(() -> VelostreamTestDriver.sql("CREATE STREAM x AS\nSELECT id FROM orders WHERE")
                .input("orders", 1, Map.of("id", 1)).run())
                .isInstanceOf(SqlException.class)
                .satisfies(e -> assertThat(((SqlException) e).errors().get(0).line()).isEqualTo(2));
    }

    @Test
    void recordsAJobGivesUpOnGoToItsDeadLetterTopic() {
        TestOutput out = VelostreamTestDriver.sql("""
                        CREATE STREAM parsed AS SELECT id, CAST(qty AS INTEGER) AS qty FROM orders
                        WITH ('failure_strategy' = 'SendToDLQ')""")
                .input("orders", 1_000, Map.of("id", 1, "qty", "7"))
                .input("orders", 2_000, Map.of("id", 2, "qty", "seven"))
                .input("orders", 3_000, Map.of("id", 3, "qty", "9"))
                .run();
        assertThat(out.values("parsed")).containsExactly(Map.of("id", 1L, "qty", 7L), Map.of("id", 3L, "qty", 9L));
        List<TestOutput.DeadLetter> letters = out.deadLetters("parsed");
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).error()).contains("seven");
        assertThat(letters.get(0).source()).isEqualTo("orders");
        assertThat(out.metrics("parsed").recordErrors()).isEqualTo(1);
    }

    private static final class Twice implements ScalarFunction {
        @Override
        public String name() {
            return "TWICE";
        }

        @Override
        public BoundFunction bind(List<io.velostream.engine.function.Argument> args,
                                  io.velostream.engine.function.FunctionContext context) {
            return BoundFunction.of(SqlType.INTEGER, a -> (Long) a[0] * 2);
        }
    }
}
