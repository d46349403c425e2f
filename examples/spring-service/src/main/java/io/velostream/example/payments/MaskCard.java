package io.velostream.example.payments;

import io.velostream.engine.function.Argument;
import io.velostream.engine.function.BoundFunction;
import io.velostream.engine.function.FunctionContext;
import io.velostream.engine.function.FunctionException;
import io.velostream.engine.function.ScalarFunction;
import io.velostream.engine.record.SqlType;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * {@code MASK_CARD(card)}: the card number with all but its last four digits replaced by
 * {@code *}. A {@link ScalarFunction} bean is callable from the service's SQL
 * (docs/spring-boot.md#beans) and from its {@code @VelostreamTest}s.
 */
@Component
public class MaskCard implements ScalarFunction {
    private static final int VISIBLE = 4;

    @Override
    public String name() {
        return "MASK_CARD";
    }

    @Override
    public BoundFunction bind(List<Argument> args, FunctionContext context) {
        // Checked once, when the SQL compiles: a wrong call is a startup error with its line and column.
        if (args.size() != 1) {
            throw new FunctionException("MASK_CARD takes one argument, the card number");
        }
        return BoundFunction.of(SqlType.STRING, a -> a[0] == null ? null : mask(a[0].toString()));
    }

    static String mask(String card) {
        int hidden = Math.max(0, card.length() - VISIBLE);
        return "*".repeat(hidden) + card.substring(hidden);
    }
}
