package io.kairos.job;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a container may be given of its host beyond Docker's defaults, each a way to become root on the host: a
 * privileged container, the host's network (its loopback services, the agent's own port), a host path mounted in
 * (the Docker socket, /etc), an added capability. None is given unless an admin allows it for the job's role.
 */
public enum ContainerPrivilege {
    PRIVILEGED("privileged", "/container/privileged"),
    HOST_NETWORK("host-network", "/container/network"),
    HOST_MOUNTS("host-mounts", "/container/volumes"),
    CAPABILITIES("capabilities", "/container/capAdd");

    private final String wire;
    private final String field;

    ContainerPrivilege(String wire, String field) {
        this.wire = wire;
        this.field = field;
    }

    public String wire() {
        return wire;
    }

    /** The job field that asks for it. */
    public String field() {
        return field;
    }

    public static Optional<ContainerPrivilege> parse(String text) {
        return Arrays.stream(values()).filter(p -> p.wire.equals(text)).findFirst();
    }
}
