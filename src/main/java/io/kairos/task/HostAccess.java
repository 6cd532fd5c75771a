package io.kairos.task;

import java.util.List;

/**
 * What a container task is given of its host beyond Docker's defaults, each allowed for the job's role by an admin
 * before a task can carry it: a privileged container, a network mode ({@code bridge}, {@code host}, {@code none}),
 * host paths bound in ({@code host:container:ro|rw}), added capabilities. {@link #NONE} for every other task.
 */
public record HostAccess(boolean privileged, String network, List<String> binds, List<String> capAdd) {

    public static final HostAccess NONE = new HostAccess(false, "bridge", List.of(), List.of());

    public HostAccess {
        network = network == null ? "bridge" : network;
        binds = binds == null ? List.of() : List.copyOf(binds);
        capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
    }
}
