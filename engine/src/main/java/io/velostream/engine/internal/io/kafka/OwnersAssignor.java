package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.io.TaskOwners;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Configurable;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cooperative-sticky assignor, with each member's advertised URL carried in its subscription and the
 * whole partition → URL map handed back to every member with its assignment, as Kafka Streams' assignor
 * shares its hosts (docs/scaling.md#interactive-queries): the group coordinator's own rebalance spreads who
 * owns what, so there is nothing else to keep consistent. The assignment itself is the delegate's.
 *
 * <p>Configured through the consumer's properties: {@value #URL} (this instance's URL) and {@value #OWNERS}
 * (the {@link TaskOwners} the map is given to).
 */
public final class OwnersAssignor implements ConsumerPartitionAssignor, Configurable {
    static final String URL = "velostream.advertised.url";
    static final String OWNERS = "velostream.task.owners";

    private final CooperativeStickyAssignor delegate = new CooperativeStickyAssignor();
    private String url;
    private TaskOwners owners;

    @Override
    public void configure(Map<String, ?> configs) {
        url = String.valueOf(configs.get(URL));
        owners = (TaskOwners) configs.get(OWNERS);
    }

    /** A name of its own: a member must not share a group with a plain cooperative-sticky one, whose data differs. */
    @Override
    public String name() {
        return "velostream-" + delegate.name();
    }

    @Override
    public List<RebalanceProtocol> supportedProtocols() {
        return delegate.supportedProtocols();
    }

    @Override
    public short version() {
        return delegate.version();
    }

    @Override
    public ByteBuffer subscriptionUserData(Set<String> topics) {
        return prefixed(List.of(url), delegate.subscriptionUserData(topics));
    }

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription group) {
        Map<String, String> urls = new HashMap<>();
        Map<String, Subscription> stripped = new HashMap<>();
        group.groupSubscription().forEach((member, s) -> {
            ByteBuffer data = s.userData().duplicate();
            data.getInt(); // one: the member's URL
            urls.put(member, readString(data));
            Subscription own = new Subscription(s.topics(), data.slice(), s.ownedPartitions(),
                    s.generationId().orElse(-1), s.rackId());
            own.setGroupInstanceId(s.groupInstanceId());
            stripped.put(member, own);
        });
        Map<String, Assignment> assigned = delegate.assign(metadata, new GroupSubscription(stripped)).groupAssignment();
        // "<partition>=<url>" per assigned partition: one topic per consumer (a source reads one).
        List<String> map = new ArrayList<>();
        assigned.forEach((member, a) -> a.partitions().forEach(tp -> map.add(tp.partition() + "=" + urls.get(member))));
        Map<String, Assignment> result = new HashMap<>();
        assigned.forEach((member, a) -> result.put(member, new Assignment(a.partitions(), prefixed(map, a.userData()))));
        return new GroupAssignment(result);
    }

    @Override
    public void onAssignment(Assignment assignment, ConsumerGroupMetadata metadata) {
        if (assignment.userData() == null || assignment.userData().remaining() < Integer.BYTES) {
            owners.assigned(Map.of()); // no map (an empty assignment): owners unknown until the next rebalance
            delegate.onAssignment(assignment, metadata);
            return;
        }
        ByteBuffer data = assignment.userData().duplicate();
        int n = data.getInt();
        Map<Integer, String> byPartition = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String entry = readString(data);
            int eq = entry.indexOf('=');
            byPartition.put(Integer.parseInt(entry.substring(0, eq)), entry.substring(eq + 1));
        }
        owners.assigned(byPartition);
        delegate.onAssignment(new Assignment(assignment.partitions(), data.slice()), metadata);
    }

    /** {@code strings} (a count, then each length-prefixed), then {@code rest}. */
    private static ByteBuffer prefixed(List<String> strings, ByteBuffer rest) {
        List<byte[]> bytes = strings.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        int size = 4 + bytes.stream().mapToInt(b -> 4 + b.length).sum()
                + (rest == null ? 0 : rest.remaining());
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(strings.size());
        bytes.forEach(b -> out.putInt(b.length).put(b));
        if (rest != null) {
            out.put(rest.duplicate());
        }
        return out.flip();
    }

    private static String readString(ByteBuffer in) {
        byte[] b = new byte[in.getInt()];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
