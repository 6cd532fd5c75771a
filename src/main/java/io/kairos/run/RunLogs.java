package io.kairos.run;

import io.kairos.task.LogStream;
import io.kairos.api.ApiException;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.nio.charset.StandardCharsets;

/** Reading a run's output: by default its newest attempt, from a byte offset, for live tailing. */
@ApplicationScoped
public class RunLogs {

    private final LogStore store;

    RunLogs(LogStore store) {
        this.store = store;
    }

    /**
     * {@code nextOffset} is where the next read continues; {@code complete} says the attempt has
     * ended and every byte it wrote is stored, so a tailing reader can stop.
     */
    @Schema(description = "A piece of the stdout or stderr of a run's attempt, from offset; read on from nextOffset; complete "
                    + "once the attempt ended and all its output is stored.")
    public record LogView(long runId, int attempt, String stream, long offset, long nextOffset, String data,
                          boolean complete, boolean truncated) {
    }

    @Transactional
    public LogView read(long runId, Integer attemptNumber, LogStream stream, long offset, int limit) {
        if (RunEntity.findById(runId) == null) {
            throw ApiException.notFound("no run with id " + runId);
        }
        AttemptEntity a = (attemptNumber == null
                ? AttemptEntity.<AttemptEntity>find("runId", Sort.by("number").descending(), runId)
                : AttemptEntity.<AttemptEntity>find("runId = ?1 and number = ?2", runId, attemptNumber)).firstResult();
        if (a == null) {
            if (attemptNumber != null) {
                throw ApiException.notFound("run " + runId + " has no attempt " + attemptNumber);
            }
            return new LogView(runId, 0, name(stream), offset, offset, "", false, false);
        }
        boolean ended = a.state().isTerminal();
        LogStore.LogSlice slice = store.read(a.id, stream, offset, limit);
        return new LogView(runId, a.number, name(stream), slice.offset(), slice.nextOffset(),
                new String(slice.data(), StandardCharsets.UTF_8), ended, a.logTruncated);
    }

    private static String name(LogStream s) {
        return s.name().toLowerCase(java.util.Locale.ROOT);
    }
}
