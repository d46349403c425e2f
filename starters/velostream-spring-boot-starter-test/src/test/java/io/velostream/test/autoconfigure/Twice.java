package io.velostream.test.autoconfigure;

import io.velostream.engine.function.Argument;
import io.velostream.engine.function.BoundFunction;
import io.velostream.engine.function.FunctionContext;
import io.velostream.engine.function.ScalarFunction;
import io.velostream.engine.record.SqlType;
import org.springframework.stereotype.Component;

import java.util.List;

/** A user function, found by component scan. */
@Component
class Twice implements ScalarFunction {
    @Override
    public String name() {
        return "TWICE";
    }

    @Override
    public BoundFunction bind(List<Argument> args, FunctionContext context) {
        return BoundFunction.of(SqlType.INTEGER, a -> a[0] == null ? null : ((Number) a[0]).longValue() * 2);
    }
}
