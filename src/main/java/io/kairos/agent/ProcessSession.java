package io.kairos.agent;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The processes of one task: everything in the session its leader opened with {@code setsid}. Children that
 * double-fork or outlive their parent stay in the session, so signalling the session takes them all.
 * Reads {@code /proc}, so Linux only.
 */
final class ProcessSession {

    private static final Path PROC = Path.of("/proc");
    private static final Duration POLL = Duration.ofMillis(20);
    /** How long SIGKILL gets to empty the session; the kernel normally needs a few milliseconds. */
    private static final Duration KILL_DEADLINE = Duration.ofSeconds(5);

    private final long sessionId;

    ProcessSession(long sessionId) {
        this.sessionId = sessionId;
    }

    /** SIGTERM to every process of the session, then SIGKILL to what is left once {@code grace} has passed. */
    void terminate(Duration grace) {
        signal(false);
        long deadline = System.nanoTime() + grace.toNanos();
        while (!members().isEmpty() && System.nanoTime() < deadline) {
            pause();
        }
        killRemaining();
    }

    /** SIGKILL until no process of the session is left (forks racing the signal are caught in the next round). */
    void killRemaining() {
        long deadline = System.nanoTime() + KILL_DEADLINE.toNanos();
        while (signal(true) > 0 && System.nanoTime() < deadline) {
            pause();
        }
    }

    /** Live (non-zombie) processes of the session. */
    List<Long> members() {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path entry : entries) {
                if (inSession(entry)) {
                    pids.add(Long.parseLong(entry.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list processes in " + PROC, e);
        }
        return pids;
    }

    private int signal(boolean force) {
        List<Long> pids = members();
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(process -> {
                if (force) {
                    process.destroyForcibly();
                } else {
                    process.destroy();
                }
            });
        }
        return pids.size();
    }

    private boolean inSession(Path procEntry) {
        String stat;
        try {
            stat = Files.readString(procEntry.resolve("stat"));
        } catch (IOException e) {
            return false; // exited while we looked
        }
        // "pid (comm) state ppid pgrp session ..."; comm may hold spaces and parentheses, so parse after the last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return !fields[0].equals("Z") && Long.parseLong(fields[3]) == sessionId;
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping processes", e);
        }
    }
}
