package io.velostream.app.service;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;

/** The demo's input: a trade (symbol, price, quantity, event time) on topic {@code trades} every 100 ms. */
@Component
@ConditionalOnProperty("velostream.demo.enabled")
class DemoTradeGenerator implements SmartLifecycle {
    private static final String[] SYMBOLS = {"AAPL", "MSFT", "GOOG", "AMZN"};
    private static final long INTERVAL_MS = 100;

    private final KafkaTemplate<String, String> kafka;
    private final Random random = new Random();
    private final double[] prices = {190, 420, 170, 180};
    private volatile Thread thread;

    DemoTradeGenerator(KafkaTemplate<String, String> kafka) {
        this.kafka = kafka;
    }

    @Override
    public void start() {
        Thread t = new Thread(this::produce, "velostream-demo-trades");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void produce() {
        while (thread == Thread.currentThread()) {
            int i = random.nextInt(SYMBOLS.length);
            prices[i] = Math.max(1, prices[i] * (1 + random.nextGaussian() * 0.002));
            // A fat tail of big trades, so the large-trade filter has something to show.
            int quantity = random.nextInt(10) == 0 ? 500 + random.nextInt(1000) : 1 + random.nextInt(100);
            String price = BigDecimal.valueOf(prices[i]).setScale(2, RoundingMode.HALF_UP).toPlainString();
            kafka.send("trades", SYMBOLS[i], "{\"symbol\":\"" + SYMBOLS[i] + "\",\"price\":" + price
                    + ",\"quantity\":" + quantity + ",\"event_time\":" + System.currentTimeMillis() + "}");
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void stop() {
        Thread t = thread;
        thread = null;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
