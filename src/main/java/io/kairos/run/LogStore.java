package io.kairos.run;

import io.kairos.cluster.ProcessRole;
import io.kairos.task.LogStream;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import jakarta.enterprise.inject.Instance;
import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * stdout and stderr of every attempt, kept in PostgreSQL. Output arrives in many small pieces, so
 * it is buffered per attempt and written every {@code kairos.logs.flush-interval} (and when the
 * attempt ends, before its end is recorded, so a finished run's log is always complete). Each
 * stream of an attempt keeps at most {@code kairos.logs.max-bytes-per-stream}; the rest is dropped
 * and the attempt marked truncated.
 *
 * <p>An attempt's log may have begun in an earlier scheduler process (its task outlived a restart): before the
 * first write of an attempt this process has not written yet, the stored sizes are read, and its output goes on
 * from there.
 */
@ApplicationScoped
public class LogStore {

    private static final Logger LOG = Logger.getLogger(LogStore.class);

    /** An Instance: in the agent role the datasource is inactive, and only a lookup may refer to it. */
    private final Instance<DataSource> db;
    private final long cap;
    private final long flushMillis;
    private final Map<Long, AttemptLog> open = new ConcurrentHashMap<>();
    private final ProcessRole role;
    private ScheduledExecutorService flusher;

    LogStore(Instance<DataSource> db, @ConfigProperty(name = "kairos.logs.max-bytes-per-stream", defaultValue = "5242880") long cap,
             @ConfigProperty(name = "kairos.logs.flush-interval-ms", defaultValue = "250") long flushMillis,
             @ConfigProperty(name = "kairos.role") ProcessRole role) {
        this.db = db;
        this.role = role;
        this.cap = cap;
        this.flushMillis = flushMillis;
    }

    void start(@Observes StartupEvent e) {
        if (!role.schedules()) {
            return;
        }
        flusher = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "kairos-log-flusher"));
        flusher.scheduleWithFixedDelay(this::flushAll, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent e) {
        if (flusher != null) {
            flusher.shutdownNow();
        }
        flushAll();
    }

    public void append(long attemptId, LogStream stream, byte[] data) {
        open.computeIfAbsent(attemptId, AttemptLog::new).add(stream, data, cap);
    }

    /** Writes what is buffered for the attempt and forgets it: called once the attempt has ended. */
    public void close(long attemptId) {
        AttemptLog log = open.get(attemptId);
        if (log != null) {
            write(List.of(log));
            open.remove(attemptId);
        }
    }

    /** Reads up to {@code limit} bytes of a stream from byte {@code offset} on. */
    public LogSlice read(long attemptId, LogStream stream, long offset, int limit) {
        String sql = "SELECT byte_offset, data FROM log_chunk WHERE attempt_id = ? AND stream = ? "
                + "AND byte_offset + length(data) > ? ORDER BY byte_offset";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long next = offset;
        try (Connection c = db.get().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, attemptId);
            ps.setString(2, stream.name());
            ps.setLong(3, offset);
            ps.setFetchSize(64);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && out.size() < limit) {
                    long start = rs.getLong(1);
                    byte[] data = rs.getBytes(2);
                    if (start > next) {
                        break; // a gap means a chunk is not written yet; the reader asks again
                    }
                    int from = (int) (next - start);
                    int len = Math.min(data.length - from, limit - out.size());
                    out.write(data, from, len);
                    next += len;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the log of attempt " + attemptId + " failed", e);
        }
        return new LogSlice(offset, next, out.toByteArray());
    }

    public record LogSlice(long offset, long nextOffset, byte[] data) {
    }

    private void flushAll() {
        try {
            write(new ArrayList<>(open.values()));
        } catch (RuntimeException e) {
            LOG.warn("writing logs failed, retrying on the next flush: " + e.getMessage());
        }
    }

    /** One writer at a time: chunks leave a buffer only once they are committed, so a failed write loses nothing. */
    private synchronized void write(List<AttemptLog> logs) {
        List<AttemptLog> unplaced = logs.stream().filter(l -> !l.placed()).toList();
        if (!unplaced.isEmpty()) {
            place(unplaced);
        }
        List<Chunk> chunks = new ArrayList<>();
        List<AttemptLog> touched = new ArrayList<>();
        for (AttemptLog l : logs) {
            if (l.peekInto(chunks)) {
                touched.add(l);
            }
        }
        if (touched.isEmpty()) {
            return;
        }
        try (Connection c = db.get().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO log_chunk (attempt_id, stream, byte_offset, data) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
                 PreparedStatement sizes = c.prepareStatement(
                         "UPDATE attempt SET stdout_bytes = ?, stderr_bytes = ?, log_truncated = ? WHERE id = ?")) {
                for (Chunk ch : chunks) {
                    ins.setLong(1, ch.attemptId);
                    ins.setString(2, ch.stream.name());
                    ins.setLong(3, ch.offset);
                    ins.setBytes(4, ch.data);
                    ins.addBatch();
                }
                ins.executeBatch();
                for (AttemptLog l : touched) {
                    sizes.setLong(1, l.sizeAfter(LogStream.STDOUT, chunks));
                    sizes.setLong(2, l.sizeAfter(LogStream.STDERR, chunks));
                    sizes.setBoolean(3, l.truncated);
                    sizes.setLong(4, l.attemptId);
                    sizes.addBatch();
                }
                sizes.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            // the chunks stay buffered and go out with the next flush
            throw new IllegalStateException("writing " + chunks.size() + " log chunks failed", e);
        }
        chunks.forEach(ch -> touchedLog(touched, ch.attemptId).committed(ch));
    }

    /** Reads where the stored logs of these attempts end, so new output is written after it. */
    private void place(List<AttemptLog> logs) {
        Map<Long, AttemptLog> byId = new HashMap<>();
        logs.forEach(l -> byId.put(l.attemptId, l));
        try (Connection c = db.get().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, stdout_bytes, stderr_bytes, log_truncated FROM attempt WHERE id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("bigint", byId.keySet().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byId.remove(rs.getLong(1)).resumeAt(rs.getLong(2), rs.getLong(3), rs.getBoolean(4), cap);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the log sizes of " + logs.size() + " attempts failed", e);
        }
        // no row: the attempt is gone (deleted with its job); its output is written from 0 and goes nowhere
        byId.values().forEach(l -> l.resumeAt(0, 0, false, cap));
    }

    private static AttemptLog touchedLog(List<AttemptLog> logs, long attemptId) {
        return logs.stream().filter(l -> l.attemptId == attemptId).findFirst().orElseThrow();
    }

    private record Chunk(long attemptId, LogStream stream, long offset, byte[] data) {
    }

    private static final class AttemptLog {
        final long attemptId;
        final Map<LogStream, ByteArrayOutputStream> pending = new EnumMap<>(LogStream.class);
        final Map<LogStream, Long> accepted = new EnumMap<>(LogStream.class);
        final Map<LogStream, Long> flushed = new EnumMap<>(LogStream.class);
        boolean truncated;
        boolean truncationWritten;
        private boolean placed;

        AttemptLog(long attemptId) {
            this.attemptId = attemptId;
        }

        synchronized void add(LogStream s, byte[] data, long cap) {
            long have = accepted.getOrDefault(s, 0L);
            int room = (int) Math.max(0, Math.min(data.length, cap - have));
            if (room < data.length) {
                truncated = true;
            }
            if (room > 0) {
                pending.computeIfAbsent(s, k -> new ByteArrayOutputStream()).write(data, 0, room);
                accepted.put(s, have + room);
            }
        }

        synchronized boolean placed() {
            return placed;
        }

        /** The stored log ends at these sizes: offsets and the cap count from there. */
        synchronized void resumeAt(long stdoutBytes, long stderrBytes, boolean wasTruncated, long cap) {
            for (LogStream s : LogStream.values()) {
                long stored = s == LogStream.STDOUT ? stdoutBytes : stderrBytes;
                long have = stored + accepted.getOrDefault(s, 0L);
                ByteArrayOutputStream buf = pending.get(s);
                if (have > cap && buf != null) {
                    byte[] all = buf.toByteArray();
                    buf.reset();
                    buf.write(all, 0, (int) Math.max(0, cap - stored));
                    truncated = true;
                }
                flushed.put(s, stored);
                accepted.put(s, Math.min(have, Math.max(cap, stored)));
            }
            truncated |= wasTruncated;
            truncationWritten = wasTruncated;
            placed = true;
        }

        /** Adds what is buffered, as chunks at their stream offsets, without removing it yet. */
        synchronized boolean peekInto(List<Chunk> out) {
            boolean any = false;
            for (var e : pending.entrySet()) {
                if (e.getValue().size() == 0) {
                    continue;
                }
                out.add(new Chunk(attemptId, e.getKey(), flushed.getOrDefault(e.getKey(), 0L), e.getValue().toByteArray()));
                any = true;
            }
            return any || (truncated && !truncationWritten);
        }

        /** The chunk is stored: drop its bytes from the buffer (more may have arrived behind them). */
        synchronized void committed(Chunk ch) {
            ByteArrayOutputStream buf = pending.get(ch.stream);
            byte[] all = buf.toByteArray();
            buf.reset();
            buf.write(all, ch.data.length, all.length - ch.data.length);
            flushed.put(ch.stream, ch.offset + ch.data.length);
            truncationWritten = truncated;
        }

        synchronized long sizeAfter(LogStream s, List<Chunk> chunks) {
            return chunks.stream().filter(c -> c.attemptId == attemptId && c.stream == s)
                    .mapToLong(c -> c.offset + c.data.length).max().orElse(flushed.getOrDefault(s, 0L));
        }
    }
}
