package io.kairos.framework;

import io.kairos.framework.placement.Constraint;
import io.kairos.framework.placement.JobSpread;

import io.kairos.allocator.FreeAgent;
import io.kairos.allocator.Resources;
import io.kairos.allocator.TaskOffer;

import java.util.Locale;

/**
 * Why a task fits nowhere, in words an operator can act on. Called only for tasks that did not
 * fit, so it may look at every agent. Checked from the most to the least fundamental cause.
 */
final class Reasons {
    private Reasons() {
    }

    static String whyWaiting(BatchFramework.Task t, TaskOffer offer, JobSpread spread) {
        String role = offer.roleRefuses(t.resources(), t.revocable());
        if (role != null) {
            return role;
        }
        if (offer.allAgents().isEmpty()) {
            return "waiting for free resources: no agent is registered";
        }
        for (Constraint c : t.constraints()) {
            if (!c.dependsOnJob() && offer.allAgents().stream().noneMatch(a -> c.check(a, spread).fits())) {
                return "no agent matches " + c;
            }
        }
        Resources needs = t.resources();
        double cpus = 0;
        long mem = 0;
        long disk = 0;
        long gpus = 0;
        int ports = 0;
        String passedOver = null;
        String draining = null;
        for (FreeAgent a : offer.allAgents()) {
            String refused = offer.agentRefuses(a);
            boolean roomy = BatchFramework.fits(new BatchFramework.Task(t.runId(), t.job(), needs, t.ports(), java.util.List.of(),
                    t.placement()), a, spread);
            if (refused != null) {
                if (roomy && draining == null) {
                    draining = refused;
                }
                continue;
            }
            Resources f = a.free();
            cpus = Math.max(cpus, f.cpus());
            mem = Math.max(mem, f.memMb());
            disk = Math.max(disk, f.diskMb());
            gpus = Math.max(gpus, f.gpus());
            ports = Math.max(ports, f.ports().count());
            if (roomy && passedOver == null) {
                for (Constraint c : t.constraints()) {
                    Constraint.Verdict v = c.check(a, spread);
                    if (!v.fits()) {
                        passedOver = v.reason();
                        break;
                    }
                }
            }
        }
        if (cpus + 1e-9 < needs.cpus()) {
            return draining != null ? draining : String.format(Locale.ROOT, "needs %.2f cpus; largest free agent has %.2f", needs.cpus(), cpus);
        }
        if (mem < needs.memMb()) {
            return draining != null ? draining : "needs " + needs.memMb() + " MiB memory; largest free agent has " + mem + " MiB";
        }
        if (disk < needs.diskMb()) {
            return "needs " + needs.diskMb() + " MiB disk; largest free agent has " + disk + " MiB";
        }
        if (gpus < needs.gpus()) {
            return "needs " + needs.gpus() + " gpus; largest free agent has " + gpus;
        }
        if (ports < t.ports()) {
            return "needs " + t.ports() + " ports; largest free agent has " + ports;
        }
        if (passedOver != null) {
            return "constraints rule out every agent with room: " + passedOver;
        }
        if (draining != null) {
            return draining;
        }
        return "needs " + needs + (t.ports() > 0 ? " and " + t.ports() + " ports" : "") + "; no single agent has all of it free";
    }
}
