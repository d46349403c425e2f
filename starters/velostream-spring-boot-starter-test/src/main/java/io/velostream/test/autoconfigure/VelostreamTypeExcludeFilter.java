package io.velostream.test.autoconfigure;

import io.velostream.engine.function.ScalarFunction;
import io.velostream.engine.function.aggregate.AggregateFunction;
import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;

import java.util.Set;

/** The components of a {@link VelostreamTest}: the user functions a query can call, nothing else. */
class VelostreamTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<VelostreamTest> {
    private static final Set<Class<?>> INCLUDES = Set.of(ScalarFunction.class, AggregateFunction.class);

    VelostreamTypeExcludeFilter(Class<?> testClass) {
        super(testClass);
    }

    @Override
    protected Set<Class<?>> getKnownIncludes() {
        return INCLUDES;
    }
}
