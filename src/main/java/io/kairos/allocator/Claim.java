package io.kairos.allocator;

/**
 * Level two's answer to a {@link TaskOffer}: the task with key {@code key} (the framework's own
 * id, e.g. a run id) takes {@code resources} on {@code agent}, concrete ports included. {@code revocable}: the task may
 * be preempted, so it may use what is held back for other roles' unmet quota.
 */
public record Claim(long key, AgentId agent, Resources resources, boolean revocable) {

    public Claim(long key, AgentId agent, Resources resources) {
        this(key, agent, resources, false);
    }
}
