package io.velostream.example.payments;

import io.velostream.engine.io.DataWriter;
import io.velostream.engine.record.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The sink of the {@code alerts} job. A {@link DataWriter} bean named like an endpoint replaces
 * that endpoint, whatever its WITH says (docs/spring-boot.md#beans): the SQL writes to
 * {@code alerts}, which without this bean would be a Kafka topic, and which the test driver keeps
 * in memory. Here an alert is logged and kept; a real service would page someone.
 */
@Component("alerts")
public class AlertWriter implements DataWriter {
    private static final Logger log = LoggerFactory.getLogger(AlertWriter.class);
    private final List<Alert> raised = new CopyOnWriteArrayList<>();

    @Override
    public void write(List<StreamRecord> batch) {
        for (StreamRecord r : batch) {
            Alert alert = new Alert((String) r.get("account"), ((Number) r.get("payments")).longValue(),
                    ((Number) r.get("total")).doubleValue());
            log.warn("account {}: {} large payments, {} in total", alert.account(), alert.payments(), alert.total());
            raised.add(alert);
        }
    }

    /** Nothing buffered: an alert is raised when written, so the job may commit its input. */
    @Override
    public void flush() {
    }

    /** The bean outlives the jobs writing to it: they do not close it, and it holds nothing to release. */
    @Override
    public void close() {
    }

    /** The alerts raised so far, oldest first. */
    public List<Alert> raised() {
        return List.copyOf(raised);
    }
}
