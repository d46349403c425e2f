package io.velostream.test.autoconfigure;

import org.springframework.stereotype.Component;

/** Not a function: a service bean the SQL slice has no use for. */
@Component
class OrderService {
}
