package io.velostream.engine.app;

import java.util.List;

/**
 * What a checked job would do, described without opening its sink: what {@code velostream
 * validate --explain} prints (docs/cli.md#validate). Plain text only, so callers see no engine
 * internals.
 *
 * @param name            the job's name
 * @param mode            {@code simple} or {@code transactional}
 * @param failureStrategy the failure strategy ({@code LogAndContinue}, {@code SendToDLQ}, …)
 * @param sources         each source as {@code name (type)}
 * @param sink            the sink as {@code name (type)}, or {@code table <name>} for CREATE TABLE
 * @param operators       the operators of each input, in processing order
 * @param stateStores     each piece of state the job keeps: what it is and where it lives
 *                        ({@code groups: changelog <topic>} or {@code windows: in memory})
 * @param topicsRead      Kafka topics read
 * @param topicsWritten   Kafka topics written by the sink
 * @param topicsCreated   topics the job writes besides its sink: state changelogs and the dead-letter topic
 * @param scaling         how instances and threads share the job (docs/scaling.md): {@code stateless}, {@code tasks …}
 *                        or {@code one replica …}, with the reason
 */
public record JobPlan(String name, String mode, String failureStrategy, List<String> sources, String sink,
                      List<String> operators, List<String> stateStores, List<String> topicsRead,
                      List<String> topicsWritten, List<String> topicsCreated, String scaling) {
}
