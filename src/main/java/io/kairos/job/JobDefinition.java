package io.kairos.job;

import io.kairos.framework.placement.Placement;
import io.kairos.schedule.CatchUp;
import io.kairos.schedule.ScheduleSpec;
import io.kairos.security.JobSecrets;
import io.kairos.spark.SparkSpec;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * A job as the API accepts and returns it, with every default filled in: what is PUT is what GET
 * returns. {@code schedule == null} means run on demand only; {@code container == null} means a
 * plain process on the agent. At most one of {@code command} (through /bin/sh -c), {@code args}
 * (exec'd, no shell) and {@code spark} (spark-submit, built by Kairos) may be set; none runs the image's
 * default command. {@code role} is the
 * allocator role its runs are placed in; {@code constraints} are Marathon-style placement rules.
 * {@code parents} are the jobs this one depends on: it runs when each has succeeded since it was
 * last triggered by them (see {@code io.kairos.dag.Generation}), with or without its own schedule.
 */
@Schema(description = "A job as the API accepts and returns it, every default filled in: what is PUT is what GET returns. "
                + "schedule absent: on demand only; container absent: a plain process; exactly one of command (through /bin/sh -c) and "
                + "args (exec, no shell); resources default to 0.25 cpus, 128 MiB, 0 disk.")
public record JobDefinition(
        String name,
        String description,
        String owner,
        ScheduleSpec schedule,
        ContainerSpec container,
        String command,
        List<String> args,
        Map<String, String> env,
        JobResources resources,
        String role,
        List<List<String>> constraints,
        Placement placement,
        boolean enabled,
        Integer startingDeadlineSeconds,
        CatchUp catchUp,
        RetryPolicy retries,
        Integer timeoutSeconds,
        ConcurrencyPolicy concurrencyPolicy,
        Integer expectedRuntimeSeconds,
        // dependencies (issue #5): jobs whose success triggers this one; softError lets this job's
        // failure release its own children all the same
        List<String> parents,
        boolean softError,
        // notifications (issue #5): webhooks and e-mails sent when a run fails, succeeds, runs out of
        // retries or is overdue
        List<Notification> notifications,
        // parameterised runs (issue #5): values given per run, defaults for runs nobody asked for
        List<JobParameter> parameters,
        // Spark jobs (issue #5): the task runs spark-submit with these options instead of command/args, and
        // resources are sized from them (io.kairos.spark.SparkSizing)
        SparkSpec spark,
        // secrets (issue 11): names only, whatever was sent; the values are sealed in io.kairos.security.SecretStore
        JobSecrets secrets,
        // mixing with services (issue 12): revocable runs may use other roles' idle quota and are preempted for it;
        // priority (-1000..1000, default 0, higher first) picks which revocable runs go first (the lowest)
        Tier tier,
        int priority) {

    public static final int MIN_PRIORITY = -1000;
    public static final int MAX_PRIORITY = 1000;

    public JobDefinition {
        // definitions stored before these fields existed read as the defaults
        role = role == null ? "batch" : role;
        constraints = constraints == null ? List.of() : constraints;
        placement = placement == null ? Placement.BIN_PACK : placement;
        retries = retries == null ? RetryPolicy.NONE : retries;
        concurrencyPolicy = concurrencyPolicy == null ? ConcurrencyPolicy.ALLOW : concurrencyPolicy;
        parents = parents == null ? List.of() : List.copyOf(parents);
        notifications = notifications == null ? List.of() : List.copyOf(notifications);
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
        secrets = secrets == null ? JobSecrets.KEEP : secrets;
        tier = tier == null ? Tier.DEFAULT : tier;
    }

    /** The same job with the secret names it has once stored. */
    public JobDefinition withSecretNames(java.util.Set<String> names) {
        return new JobDefinition(name, description, owner, schedule, container, command, args, env, resources, role, constraints,
                placement, enabled, startingDeadlineSeconds, catchUp, retries, timeoutSeconds, concurrencyPolicy,
                expectedRuntimeSeconds, parents, softError, notifications, parameters, spark, JobSecrets.named(List.copyOf(names)), tier,
                priority);
    }

    /**
     * A Docker image to run the job in, and what of the host the container may reach beyond Docker's defaults:
     * {@code privileged}, the host's network, host paths mounted in, added capabilities. Each of those is refused
     * unless an admin allows it for the job's role ({@link ContainerPrivilege}).
     */
    @Schema(description = "A Docker image to run the job in; pulled only when absent locally or forcePull is true. privileged,"
            + " network \"host\", volumes and capAdd need the job's role to allow them (PUT /api/v1/roles/{name} {\"allow\": [...]}).")
    public record ContainerSpec(String image, boolean forcePull, boolean privileged, String network, List<Volume> volumes,
                                List<String> capAdd) {

        public static final String BRIDGE = "bridge";

        public ContainerSpec {
            // definitions stored before these fields existed read as Docker's defaults
            network = network == null ? BRIDGE : network;
            volumes = volumes == null ? List.of() : List.copyOf(volumes);
            capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
        }

        public ContainerSpec(String image, boolean forcePull) {
            this(image, forcePull, false, BRIDGE, List.of(), List.of());
        }

        /** What this container asks of its host beyond Docker's defaults. */
        public java.util.Set<ContainerPrivilege> privileges() {
            java.util.Set<ContainerPrivilege> asked = java.util.EnumSet.noneOf(ContainerPrivilege.class);
            if (privileged) {
                asked.add(ContainerPrivilege.PRIVILEGED);
            }
            if (network.equals("host")) {
                asked.add(ContainerPrivilege.HOST_NETWORK);
            }
            if (!volumes.isEmpty()) {
                asked.add(ContainerPrivilege.HOST_MOUNTS);
            }
            if (!capAdd.isEmpty()) {
                asked.add(ContainerPrivilege.CAPABILITIES);
            }
            return asked;
        }
    }

    /** A host path mounted into the container; read-only unless {@code mode} is {@code RW}. */
    public record Volume(String hostPath, String containerPath, String mode) {
        public Volume {
            mode = mode == null ? "RO" : mode;
        }

        public boolean readOnly() {
            return !mode.equals("RW");
        }
    }
}
