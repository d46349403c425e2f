package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.io.ChangelogReader;
import io.velostream.engine.io.ClientBacked;
import io.velostream.engine.io.CommittableSource;
import io.velostream.engine.io.OriginalRecords;
import io.velostream.engine.io.PartitionedSource;
import io.velostream.engine.io.PassThroughSource;
import io.velostream.engine.io.TaskOwners;
import io.velostream.engine.internal.io.format.DecodeException;
import io.velostream.engine.record.Headers;
import io.velostream.engine.record.RecordError;
import io.velostream.engine.record.RecordErrorHandler;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SourcePosition;
import io.velostream.engine.record.StreamRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.RetriableCommitFailedException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Kafka topic with one consumer on the job's thread. A poll's records are handed out
 * across as many reads as {@code max} needs; the next poll happens only when none are left.
 * {@link #commit()} commits the positions after the records returned so far, never the consumer's
 * fetch position, so a record polled but not yet returned is read again after a restart.
 *
 * <p>Bounded: the partitions' end offsets are taken when opening, and reading ends once every
 * partition has been read up to them; later records are left for the next reader.
 *
 * <p>{@link #rewind()} seeks every partition back to the offset after its last committed record,
 * so a failed batch is read again. The consumer polls only at the start of a read with nothing
 * pending. With a commit per batch that is after the previous batch was committed, so a rebalance
 * (which happens inside poll) never finds records returned but not committed. With a commit
 * interval it may, and before such partitions are revoked the job commits what it has pending
 * ({@link #commitBeforeRevocation}), as Kafka Streams does, so their next owner starts after them.
 * When that cannot be done — the partitions were lost (the group moved on without this member),
 * no commit was set, or it failed — their records can no longer be committed, and the partition,
 * assigned again, restarts from its committed offset. That poll then fails as a retriable error,
 * so the job aborts what is pending (a transaction: nothing of it becomes visible) and reads it
 * again, instead of writing those records a second time into the same commit.
 *
 * <p>A bounded reader can {@link #follow} its topic once it has ended (a {@code kafka_table}).
 *
 * <p>A subscribed reader shares the topic's partitions with the other members of its group
 * ({@link PartitionedSource}); a job whose state is not partitioned makes it fail on an assignment
 * of only some of them (docs/scaling.md#stateful-jobs-one-replica), a job that runs as tasks is told
 * each partition that comes and goes (docs/scaling.md#tasks).
 *
 * <p>The right side of a co-partitioned join ({@link #readPartitionsOf}) is a <em>follower</em>: it is
 * assigned, inside its leader's rebalance callbacks, the partitions of its topic with the numbers the
 * leader gets, and commits its positions in the leader's group with the leader's generation.
 */
final class KafkaReader implements ChangelogReader, CommittableSource, OriginalRecords, ClientBacked,
        PartitionedSource, PassThroughSource, ConsumerRebalanceListener {
    private final String source;
    private final String topic;
    private final Consumer<byte[], byte[]> consumer;
    private final ValueDecoder decoder;
    private final RecordErrorHandler errors;
    private Duration pollTimeout;
    private boolean bounded;
    /** A rebalance inside the last poll took partitions with records returned since the last commit. */
    private boolean lostUncommitted;
    /** Why the commit before the last revocation failed, or null. */
    private Exception revocationCommitFailure;
    /** Set by {@link #requireEveryPartition}: the end of the failure's message, else null. */
    private String needsEveryPartition;
    /** A rebalance inside the last poll left this reader only part of the topic: the failure's message, else null. */
    private String partialAssignment;
    /** Told of partitions assigned and revoked, or null. */
    private AssignmentListener assignment;
    /** Commits what is pending before a revocation takes partitions with uncommitted records, or null. */
    private PendingCommit beforeRevocation;
    /** Bounded only: the end offset of each partition not yet read up to it. */
    private final Map<TopicPartition, Long> remaining;
    /** Bounded only: the end offsets seen when opening, to read a partition again after a rewind. */
    private final Map<TopicPartition, Long> endOffsets;
    /** Per partition number: the offset after the last record returned and not yet committed, or -1. */
    private long[] toCommit = new long[0];
    /**
     * Per partition number: where a rewind seeks to, the offset after the last committed record or
     * else the first record polled since; -1 when nothing was polled.
     */
    private long[] rewindTo = new long[0];
    private TopicPartition[] partitions = new TopicPartition[0];
    private Iterator<ConsumerRecord<byte[], byte[]>> pending = Collections.emptyIterator();
    /** The last poll's records: the original bytes of a failed record for the dead-letter topic. */
    private ConsumerRecords<byte[], byte[]> polled = ConsumerRecords.empty();
    /** Records carry their consumer record, for a sink that writes them as read (docs/kafka.md#raw-pass-through). */
    private boolean keepOriginals;
    /** Who owns each partition, when the group's members exchange it; else null. */
    private TaskOwners owners;
    /** A follower's leader ({@link #readPartitionsOf}), whose group commits its positions; else null. */
    private KafkaReader leader;
    /** A leader's follower, assigned the partition numbers it is; else null. */
    private KafkaReader follower;

    /** Deletes what was committed, for an internal topic ({@code purge.interval}); else null. */
    private KafkaPurger purger;

    /**
     * @param consumer assigned or subscribed already
     * @param endOffsets for a bounded reader the end offsets seen when opening, else null
     */
    KafkaReader(String source, String topic, Consumer<byte[], byte[]> consumer, ValueDecoder decoder, RecordErrorHandler errors,
                Duration pollTimeout, Map<TopicPartition, Long> endOffsets) {
        this.source = source;
        this.topic = topic;
        this.consumer = consumer;
        this.decoder = decoder;
        this.errors = errors;
        this.pollTimeout = pollTimeout;
        this.bounded = endOffsets != null;
        this.remaining = bounded ? new HashMap<>(endOffsets) : Map.of();
        // Partitions already at their end are retired after the first poll, not here: a position needs the
        // committed offset, which a transaction left open by a killed instance holds back until this
        // job's producer, opened after its sources, has fenced that instance.
        this.endOffsets = bounded ? Map.copyOf(endOffsets) : Map.of();
    }

    @Override
    public int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    void owners(TaskOwners owners) {
        this.owners = owners;
    }

    @Override
    public TaskOwners owners() {
        return owners;
    }

    /** From now on, records below the committed offsets are deleted through {@code purger}. */
    void purgeCommitted(KafkaPurger purger) {
        this.purger = purger;
    }

    @Override
    public Schema schema() {
        return decoder.schema();
    }

    @Override
    public void keepOriginals(int slotsRead) {
        keepOriginals = true;
        decoder.decodeOnly(slotsRead);
    }

    @Override
    public int partitionCount() throws IOException {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic);
        } catch (KafkaException e) {
            throw new IOException("kafka_source '" + source + "': cannot read topic '" + topic + "': " + e.getMessage(), e);
        }
        if (infos == null || infos.isEmpty()) {
            throw new IOException("kafka_source '" + source + "': topic '" + topic + "' does not exist");
        }
        return infos.size();
    }

    @Override
    public boolean isBounded() {
        return bounded;
    }

    /** Reads on past the end offsets, polling without waiting: the job's stream, not this topic, paces the loop. */
    @Override
    public void follow() {
        if (!bounded) {
            throw new IllegalStateException("kafka source '" + source + "' is not bounded: it follows its topic already");
        }
        // Records at or after the end offsets were polled and passed over: read on from the end offsets, not the position.
        endOffsets.forEach(consumer::seek);
        consumer.resume(endOffsets.keySet());
        remaining.clear();
        pending = Collections.emptyIterator();
        bounded = false;
        pollTimeout = Duration.ZERO;
    }

    @Override
    public boolean read(List<StreamRecord> batch, int max) throws IOException {
        if (!pending.hasNext()) {
            if (bounded && remaining.isEmpty()) {
                return false;
            }
            if (leader != null && consumer.assignment().isEmpty()) {
                return true; // nothing assigned (a consumer without partitions cannot poll): the leader paces the loop
            }
            try {
                polled = consumer.poll(pollTimeout);
            } catch (KafkaException e) {
                throw KafkaClients.failure("kafka source '" + source + "': poll failed: " + e.getMessage(), e);
            }
            if (polled.isEmpty() && purger != null) {
                purger.purgeIfDue(); // an idle input still purges what its last commits left (docs/scaling.md#repartition)
            }
            for (TopicPartition tp : polled.partitions()) {
                partition(tp.partition());
                if (rewindTo[tp.partition()] < 0) {
                    rewindTo[tp.partition()] = polled.records(tp).get(0).offset();
                }
            }
            if (partialAssignment != null) {
                throw new IOException(partialAssignment);
            }
            if (lostUncommitted) {
                // The rewind that follows seeks back to what this poll returned, too (rewindTo above).
                lostUncommitted = false;
                Exception cause = revocationCommitFailure;
                revocationCommitFailure = null;
                throw KafkaClients.failure("kafka source '" + source + "': partitions were reassigned with records read"
                        + " since the last commit" + (cause == null ? "" : " (committing them first failed: "
                        + cause.getMessage() + ")") + "; they are read again", new RetriableCommitFailedException(
                        "rebalanced during a commit interval", cause));
            }
            pending = polled.iterator();
        }
        for (int added = 0; added < max && pending.hasNext(); ) {
            ConsumerRecord<byte[], byte[]> r = pending.next();
            TopicPartition tp = partition(r.partition());
            if (bounded) {
                Long end = remaining.get(tp);
                if (end == null || r.offset() >= end) {
                    continue; // produced after opening: not part of this backfill
                }
            }
            // Consumed whether it decodes or not: an undecodable record went to the failure strategy.
            toCommit[r.partition()] = r.offset() + 1;
            Object[] values;
            try {
                values = decoder.decode(r.value());
            } catch (DecodeException e) {
                errors.onError(new RecordError(RecordError.Kind.DECODE, source,
                        new SourcePosition(r.topic(), r.partition(), r.offset()), e.getMessage(),
                        printable(r.value()), e));
                continue;
            }
            batch.add(StreamRecord.fromSource(decoder.schema(), values, r.key() == null ? null : utf8(r.key()),
                    r.timestamp(), r.topic(), r.partition(), r.offset(), headers(r), keepOriginals ? r : null));
            added++;
        }
        if (bounded && !pending.hasNext()) {
            try {
                retireFinishedPartitions();
            } catch (KafkaException e) {
                throw KafkaClients.failure("kafka source '" + source + "': cannot read its position: " + e.getMessage(), e);
            }
            return !remaining.isEmpty();
        }
        return true;
    }

    /** The partition's TopicPartition, made once: no allocation per record. */
    private TopicPartition partition(int p) {
        if (p >= partitions.length) {
            int known = partitions.length;
            partitions = Arrays.copyOf(partitions, p + 1);
            toCommit = Arrays.copyOf(toCommit, p + 1);
            rewindTo = Arrays.copyOf(rewindTo, p + 1);
            Arrays.fill(toCommit, known, p + 1, -1L);
            Arrays.fill(rewindTo, known, p + 1, -1L);
        }
        TopicPartition tp = partitions[p];
        if (tp == null) {
            tp = partitions[p] = new TopicPartition(topic, p);
        }
        return tp;
    }

    /** Drops partitions whose position reached the end offset seen when opening, and stops fetching them. */
    private void retireFinishedPartitions() {
        Iterator<Map.Entry<TopicPartition, Long>> it = remaining.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<TopicPartition, Long> e = it.next();
            // position() counts past transaction markers and compacted gaps, which no record marks.
            if (consumer.position(e.getKey()) >= e.getValue()) {
                consumer.pause(List.of(e.getKey()));
                it.remove();
            }
        }
    }

    /** The record's headers as text, built in one array (a repeated key keeps its last value). */
    private static Headers headers(ConsumerRecord<byte[], byte[]> r) {
        Header[] all = r.headers().toArray();
        if (all.length == 0) {
            return Headers.EMPTY;
        }
        Headers.Builder h = new Headers.Builder(all.length);
        for (Header header : all) {
            h.put(header.key(), header.value() == null ? null : utf8(header.value()));
        }
        return h.build();
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The value as text for a record error, or null when it is binary (Avro) or absent. */
    private static String printable(byte[] value) {
        if (value == null) {
            return null;
        }
        String text = utf8(value);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\uFFFD' || (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
                return null;
            }
        }
        return text;
    }

    /** The offsets after the records returned since the last commit, per partition; empty when none. */
    Map<TopicPartition, OffsetAndMetadata> positions() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (int p = 0; p < toCommit.length; p++) {
            if (toCommit[p] >= 0) {
                offsets.put(partitions[p], new OffsetAndMetadata(toCommit[p]));
            }
        }
        return offsets;
    }

    /** With the consumer's group generation, so a transaction of a zombie instance is fenced (KIP-447). */
    @Override
    public PendingOffsets pendingOffsets() {
        return new KafkaOffsets(positions(), group().groupMetadata());
    }

    /** The consumer whose group holds this reader's committed offsets: its own, or its leader's. */
    private Consumer<byte[], byte[]> group() {
        return leader == null ? consumer : leader.consumer;
    }

    /** The {@link #positions()} were committed (by this reader or in a transaction). */
    @Override
    public void committed() {
        for (int p = 0; p < toCommit.length; p++) {
            if (toCommit[p] >= 0) {
                if (purger != null) {
                    purger.committed(p, toCommit[p]);
                }
                rewindTo[p] = toCommit[p];
                toCommit[p] = -1;
            }
        }
        if (purger != null) {
            purger.purgeIfDue();
        }
    }

    @Override
    public void commit() throws IOException {
        Map<TopicPartition, OffsetAndMetadata> offsets = positions();
        if (offsets.isEmpty()) {
            return;
        }
        try {
            group().commitSync(offsets);
        } catch (KafkaException e) {
            throw KafkaClients.failure("kafka source '" + source + "': committing offsets failed: " + e.getMessage(), e);
        }
        committed();
    }

    @Override
    public boolean rewind() throws IOException {
        pending = Collections.emptyIterator();
        polled = ConsumerRecords.empty();
        Arrays.fill(toCommit, -1L);
        try {
            for (TopicPartition tp : consumer.assignment()) {
                long offset = tp.partition() < rewindTo.length ? rewindTo[tp.partition()] : -1;
                if (offset < 0) {
                    continue;
                }
                consumer.seek(tp, offset);
                Long end = endOffsets.get(tp);
                if (end != null && offset < end && remaining.put(tp, end) == null) {
                    consumer.resume(List.of(tp)); // retired before the failure: its last records are read again
                }
            }
        } catch (KafkaException e) {
            throw KafkaClients.failure("kafka source '" + source + "': cannot rewind: " + e.getMessage(), e);
        }
        return true;
    }

    /** The record at this position from the last poll, or null when it is not there. */
    @Override
    public Original original(SourcePosition position) {
        if (!topic.equals(position.source()) || position.partition() == StreamRecord.NO_PARTITION) {
            return null;
        }
        ConsumerRecord<byte[], byte[]> r = polled(position.partition(), position.offset());
        if (r == null) {
            return null;
        }
        List<OriginalHeader> headers = new ArrayList<>();
        for (Header h : r.headers()) {
            headers.add(new OriginalHeader(h.key(), h.value()));
        }
        return new Original(position, r.key(), r.value(), r.timestamp(), headers);
    }

    private ConsumerRecord<byte[], byte[]> polled(int partition, long offset) {
        if (partition >= partitions.length || partitions[partition] == null) {
            return null;
        }
        List<ConsumerRecord<byte[], byte[]>> records = polled.records(partitions[partition]);
        int lo = 0;
        int hi = records.size() - 1;
        while (lo <= hi) { // offsets ascend, with gaps (transaction markers, compaction)
            int mid = (lo + hi) >>> 1;
            long o = records.get(mid).offset();
            if (o == offset) {
                return records.get(mid);
            }
            if (o < offset) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return null;
    }

    String topic() {
        return topic;
    }

    Consumer<byte[], byte[]> consumer() {
        return consumer;
    }

    @Override
    public <C> C client(Class<C> type) {
        return type.isInstance(consumer) ? type.cast(consumer) : null;
    }

    @Override
    public String resource() {
        return topic;
    }

    /**
     * Inside poll, so between batches: every record returned so far was processed and written, and the pending
     * commit makes them durable while the group's generation still owns the partitions (a transaction's offsets
     * are fenced by it, KIP-447). A failed commit leaves them uncommitted: the poll fails and the job aborts.
     */
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        try {
            if (beforeRevocation != null && (returnedSinceCommit(revoked)
                    || follower != null && follower.returnedSinceCommit(revoked))) {
                beforeRevocation.commit();
            }
        } catch (IOException | RuntimeException e) {
            revocationCommitFailure = e;
        } finally {
            forgetReturned(revoked);
        }
    }

    @Override
    public void commitBeforeRevocation(PendingCommit commit) {
        beforeRevocation = commit;
    }

    private boolean returnedSinceCommit(Collection<TopicPartition> tps) {
        for (TopicPartition tp : tps) {
            if (tp.partition() < toCommit.length && toCommit[tp.partition()] >= 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
        forgetReturned(lost);
    }

    /** A bounded reader is assigned every partition when opened; a subscribed one is told in its rebalances. */
    @Override
    public void onAssignment(AssignmentListener listener) {
        assignment = listener;
        for (TopicPartition tp : consumer.assignment()) {
            listener.assigned(tp.partition());
        }
    }

    /** Called inside poll (see the class comment): notes whether records returned since the last commit go with them. */
    private void forgetReturned(Collection<TopicPartition> tps) {
        if (returnedSinceCommit(tps) || follower != null && follower.returnedSinceCommit(tps)) {
            lostUncommitted = true;
        }
        if (follower != null) {
            follower.mirror(tps, false);
        }
        if (assignment != null) {
            for (TopicPartition tp : tps) {
                assignment.revoked(tp.partition());
            }
        }
        forget(tps);
    }

    @Override
    public void requireEveryPartition(String why) {
        needsEveryPartition = why;
    }

    /** Called at the end of every rebalance, with the partitions added (possibly none: cooperative rebalancing). */
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
        forget(assigned); // a partition assigned again starts from its committed offset, not from what we saw before
        if (follower != null) {
            follower.mirror(assigned, true);
        }
        if (assignment != null) {
            for (TopicPartition tp : assigned) {
                assignment.assigned(tp.partition());
            }
        }
        if (needsEveryPartition != null) {
            int held = consumer.assignment().size();
            List<PartitionInfo> all = consumer.partitionsFor(topic);
            if (all != null && held < all.size()) {
                partialAssignment = "kafka source '" + source + "' was assigned " + held + " of the " + all.size()
                        + " partitions of topic '" + topic + "' (another instance in consumer group '"
                        + consumer.groupMetadata().groupId() + "' holds the rest), but " + needsEveryPartition;
            }
        }
    }

    @Override
    public void readPartitionsOf(PartitionedSource other) throws IOException {
        if (!(other instanceof KafkaReader k) || bounded || k.bounded) {
            throw new IOException("kafka source '" + source + "' can follow the partitions of an unbounded kafka source only");
        }
        int mine = partitionCount();
        int theirs = k.partitionCount();
        if (mine != theirs) {
            throw new IOException("the sides of the join are co-partitioned on the join key, so partition p of each"
                    + " forms one task, but topic '" + k.topic + "' has " + theirs + " partitions and topic '" + topic
                    + "' has " + mine + ": give both topics the same partition count (docs/scaling.md#co-partitioned-joins)");
        }
        consumer.unsubscribe(); // not polled yet, so it never joined its own group
        leader = k;
        k.follower = this;
        mirror(k.consumer.assignment(), true);
    }

    /**
     * A follower takes ({@code add}) or gives up the partitions of its topic with the numbers of {@code leaderTps}.
     * A partition taken starts from the offset committed in the leader's group (where this reader commits), or,
     * when there is none, from its own group's, else its {@code auto.offset.reset}.
     */
    private void mirror(Collection<TopicPartition> leaderTps, boolean add) {
        if (leaderTps.isEmpty()) {
            return;
        }
        Set<TopicPartition> tps = new HashSet<>();
        for (TopicPartition tp : leaderTps) {
            tps.add(partition(tp.partition()));
        }
        forget(tps);
        Set<TopicPartition> now = new HashSet<>(consumer.assignment());
        if (add) {
            now.addAll(tps);
        } else {
            now.removeAll(tps);
        }
        consumer.assign(now);
        if (pending.hasNext()) {
            // Records polled but not returned may be of a partition given up: poll the others again after what was returned.
            pending = Collections.emptyIterator();
            for (TopicPartition tp : now) {
                long next = toCommit[tp.partition()] >= 0 ? toCommit[tp.partition()] : rewindTo[tp.partition()];
                if (next >= 0 && !tps.contains(tp)) {
                    consumer.seek(tp, next);
                }
            }
        }
        if (add) {
            leader.consumer.committed(tps).forEach((tp, offset) -> {
                if (offset != null) {
                    consumer.seek(tp, offset.offset());
                }
            });
        }
    }

    private void forget(Collection<TopicPartition> tps) {
        for (TopicPartition tp : tps) {
            if (tp.partition() < toCommit.length) {
                toCommit[tp.partition()] = -1;
                rewindTo[tp.partition()] = -1;
            }
        }
    }

    @Override
    public void close() {
        if (purger != null) {
            purger.close();
        }
        consumer.close();
    }
}
