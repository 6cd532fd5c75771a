package io.kairos.agent;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The user process tasks run as when the agent runs as root ({@code kairos.agent.process-user}, default
 * {@code nobody}): a job must not read {@code /etc/shadow} or the Docker socket, or become root on the host, because
 * the agent happened to be started as root. {@code root} keeps tasks as root; an admin's explicit choice, said at
 * start. An agent that is not root cannot switch users, and its tasks run as itself.
 */
public record ProcessUser(String name, int uid, int gid) {

    private static final System.Logger LOG = System.getLogger(ProcessUser.class.getName());

    /** Who an agent with this setting runs its process tasks as; empty: as the agent itself. */
    public static Optional<ProcessUser> forAgent(String setting) {
        String name = setting == null || setting.isBlank() ? "nobody" : setting.strip();
        long self = new com.sun.security.auth.module.UnixSystem().getUid();
        if (self != 0) {
            LOG.log(Level.DEBUG, "the agent runs as uid " + self + ", not root: process tasks run as that user"
                    + " (kairos.agent.process-user=" + name + " needs root to switch)");
            return Optional.empty();
        }
        if (name.equals("root")) {
            LOG.log(Level.WARNING, "kairos.agent.process-user=root: process tasks run as root on this host, with every file"
                    + " and the Docker socket in reach");
            return Optional.empty();
        }
        return Optional.of(new ProcessUser(name, id(name, "-u"), id(name, "-g")));
    }

    private static int id(String user, String which) {
        try {
            Process p = new ProcessBuilder("id", which, user).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.matches("\\d+")) {
                throw new IllegalStateException("kairos.agent.process-user names '" + user + "', which is not a user of this"
                        + " host (id " + which + " " + user + ": " + out + ")");
            }
            return Integer.parseInt(out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot look up kairos.agent.process-user '" + user + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted looking up kairos.agent.process-user", e);
        }
    }
}
