package io.kairos.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The id of the cluster an agent belongs to, as its scheduler said at registration, kept in {@code <data-dir>/cluster-id}.
 * The agent must know it at start, before it connects: it takes over only containers labelled with it, and two
 * clusters sharing a Docker daemon may use the same agent id (standalone's {@code local-<hostname>}). Unknown (a first
 * start, or an agent older than cluster ids), only containers without a cluster label are taken over.
 */
public final class ClusterId {

    private static final System.Logger LOG = System.getLogger(ClusterId.class.getName());

    private final Path file;
    private volatile String id;

    private ClusterId(Path file, String id) {
        this.file = file;
        this.id = id;
    }

    /** The id kept in {@code dataDir}, if an earlier start learned one. */
    public static ClusterId keptIn(Path dataDir) {
        Path file = dataDir.resolve("cluster-id");
        try {
            String kept = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : "";
            return new ClusterId(file, kept.isEmpty() ? null : kept);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cluster id kept in " + file, e);
        }
    }

    /** Known only in memory (tests). */
    public static ClusterId of(String id) {
        return new ClusterId(null, id);
    }

    public Optional<String> current() {
        return Optional.ofNullable(id);
    }

    /** The scheduler's answer: kept for the next start; another cluster's than before is said at WARN. */
    void learn(String told) {
        if (told == null || told.equals(id)) {
            return;
        }
        if (id != null) {
            LOG.log(Level.WARNING, "the scheduler's cluster is " + told + ", this agent's was " + id + ": its data"
                    + " directory served another Kairos database; containers of that cluster are left alone from now on");
        }
        id = told;
        if (file != null) {
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, told + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot keep the cluster id in " + file + "; the next start will not know it", e);
            }
        }
    }
}
