package io.velostream.engine.io;

import java.util.Map;
import java.util.Set;

/**
 * Which instance owns each partition of a source that instances share, by the URL the instance
 * advertises ({@code advertised.url}), as the consumer group's last assignment says: the group's
 * leader hands every member the whole map with its assignment (docs/scaling.md#interactive-queries).
 * Written by the consumer's thread at a rebalance, read by any.
 */
public final class TaskOwners {
    /** The job key naming the URL this instance's state is queried at (a service's {@code velostream.advertised-url}). */
    public static final String ADVERTISED_URL = "advertised.url";

    private volatile Map<Integer, String> byPartition = Map.of();

    /** The assignment of a completed rebalance: each assigned partition's owner. */
    public void assigned(Map<Integer, String> owners) {
        byPartition = Map.copyOf(owners);
    }

    /** The URL of the instance that owns {@code partition}, or null while no assignment names one (a rebalance). */
    public String owner(int partition) {
        return byPartition.get(partition);
    }

    /** The URLs of every instance that owns a partition. */
    public Set<String> instances() {
        return Set.copyOf(byPartition.values());
    }
}
