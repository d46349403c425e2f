package io.velostream.test.autoconfigure;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The application under test: its components are {@link Twice} (a function) and {@link OrderService}. */
@SpringBootApplication
class SliceTestApplication {
}
