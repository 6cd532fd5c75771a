package io.kairos.allocator;

/**
 * Level two's answer to a {@link TaskOffer}: the task with key {@code key} (the framework's own
 * id, e.g. a run id) takes {@code resources} on {@code agent}, concrete ports included.
 */
public record Claim(long key, AgentId agent, Resources resources) {
}
