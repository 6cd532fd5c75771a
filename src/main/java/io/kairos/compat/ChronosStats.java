package io.kairos.compat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chronos' statistics, from the durable run history as the counters are ({@link ChronosCounters}): a job's run-time
 * histogram and task history ({@code job/stat/{name}}), every job by one percentile of its run time
 * ({@code stats/{percentile}}), and the job graph with each job's last outcome and state ({@code graph/csv}). Run time
 * is that of successful runs, from start to end, as Chronos measured it; the histogram covers the latest
 * {@value #WINDOW} of them (Chronos' own was a sliding window too).
 */
@ApplicationScoped
public class ChronosStats {

    static final int WINDOW = 1000;

    private final ChronosCounters counters;
    private final io.kairos.dag.service.GraphService graphs;

    ChronosStats(ChronosCounters counters, io.kairos.dag.service.GraphService graphs) {
        this.counters = counters;
        this.graphs = graphs;
    }
    private static final int HISTORY = 50;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Chronos' names of the percentiles, and the quantile each is. */
    static final Map<String, Double> PERCENTILES = percentiles();
    private static final DateTimeFormatter CHRONOS_TIME = DateTimeFormatter.ofPattern("MM/dd/yy HH:mm:ss").withZone(ZoneOffset.UTC);

    private static Map<String, Double> percentiles() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("75thPercentile", 0.75);
        m.put("95thPercentile", 0.95);
        m.put("98thPercentile", 0.98);
        m.put("99thPercentile", 0.99);
        m.put("median", 0.5);
        return m;
    }

    /** Milliseconds of the job's latest successful runs, newest first, by job name. */
    @SuppressWarnings("unchecked")
    private static Map<String, long[]> runTimes(String job) {
        String sql = """
                SELECT name, millis FROM (
                  SELECT j.name, (extract(epoch FROM r.finished_at - r.started_at) * 1000)::bigint AS millis,
                         row_number() OVER (PARTITION BY r.job_id ORDER BY r.finished_at DESC) AS n
                  FROM run r JOIN job j ON j.id = r.job_id
                  WHERE r.state = 'SUCCEEDED' AND r.started_at IS NOT NULL AND r.finished_at IS NOT NULL %s) t
                WHERE n <= :window""".formatted(job == null ? "" : "AND j.name = :name");
        var q = Panache.getEntityManager().createNativeQuery(sql).setParameter("window", WINDOW);
        if (job != null) {
            q.setParameter("name", job);
        }
        Map<String, List<Long>> by = new HashMap<>();
        for (Object[] r : (List<Object[]>) q.getResultList()) {
            by.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add(((Number) r[1]).longValue());
        }
        Map<String, long[]> out = new HashMap<>();
        by.forEach((name, ms) -> out.put(name, ms.stream().mapToLong(Long::longValue).sorted().toArray()));
        return out;
    }

    /** The value at quantile {@code q} of ascending {@code sorted}, interpolated between neighbours. */
    static double quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    static ObjectNode histogram(long[] sorted) {
        ObjectNode h = NODES.objectNode();
        PERCENTILES.forEach((name, q) -> h.put(name, quantile(sorted, q)));
        h.put("mean", Arrays.stream(sorted).average().orElse(0));
        h.put("count", sorted.length);
        return h;
    }

    /** Chronos' {@code job/stat/{name}}: the run-time histogram (milliseconds) and the latest tasks. */
    @Transactional
    public ObjectNode jobStat(String job) {
        ObjectNode o = NODES.objectNode();
        o.set("histogram", histogram(runTimes(job).getOrDefault(job, new long[0])));
        ArrayNode history = o.putArray("taskStatHistory");
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                SELECT a.id, a.agent_id, a.started_at, a.finished_at, a.state
                FROM attempt a JOIN run r ON r.id = a.run_id JOIN job j ON j.id = r.job_id
                WHERE j.name = :name ORDER BY a.id DESC LIMIT :limit""")
                .setParameter("name", job).setParameter("limit", HISTORY).getResultList();
        for (Object[] r : rows) {
            Instant start = ChronosCounters.instant(r[2]);
            Instant end = ChronosCounters.instant(r[3]);
            ObjectNode t = history.addObject().put("taskId", "ct:" + r[0] + ":0:" + job).put("jobName", job)
                    .put("slaveId", (String) r[1])
                    .put("startTime", start == null ? "N/A" : CHRONOS_TIME.format(start))
                    .put("endTime", end == null ? "N/A" : CHRONOS_TIME.format(end));
            if (start != null && end != null) {
                t.put("duration", duration(Duration.between(start, end)));
            }
            t.put("status", status((String) r[4]));
        }
        return o;
    }

    /** Chronos' {@code stats/{percentile}}: every job with runs, slowest first, the time in seconds. */
    @Transactional
    public List<ObjectNode> perJob(String percentile) {
        Double q = PERCENTILES.get(percentile);
        List<Map.Entry<String, Double>> times = new ArrayList<>();
        runTimes(null).forEach((name, ms) -> times.add(Map.entry(name,
                q == null ? Arrays.stream(ms).average().orElse(0) : quantile(ms, q))));
        times.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        return times.stream().map(e -> NODES.objectNode().put("jobNameLabel", e.getKey()).put("time", e.getValue() / 1000.0))
                .toList();
    }

    /**
     * Chronos' {@code graph/csv}: a line {@code node,<job>,<last outcome>,<state>} per job (outcome {@code success},
     * {@code failure} or {@code fresh}, by which of the last success and last error is newer; state {@code running},
     * {@code queued} or {@code idle}), then {@code link,<parent>,<child>} per dependency.
     */
    @Transactional
    public String graphCsv() {
        io.kairos.dag.service.GraphService.GraphView g = graphs.graph();
        Map<String, ChronosCounters.Counts> counts = counters.all();
        @SuppressWarnings("unchecked")
        List<Object[]> active = Panache.getEntityManager().createNativeQuery(
                "SELECT j.name, bool_or(r.state = 'RUNNING') FROM run r JOIN job j ON j.id = r.job_id"
                        + " WHERE r.state IN ('PENDING', 'STAGING', 'RUNNING') GROUP BY j.name").getResultList();
        Map<String, String> state = new HashMap<>();
        for (Object[] r : active) {
            state.put((String) r[0], Boolean.TRUE.equals(r[1]) ? "running" : "queued");
        }
        StringBuilder out = new StringBuilder();
        for (io.kairos.dag.Dot.Node n : g.nodes()) {
            out.append("node,").append(n.name()).append(',').append(lastOutcome(counts.get(n.name()))).append(',')
                    .append(state.getOrDefault(n.name(), "idle")).append('\n');
        }
        for (io.kairos.dag.JobGraph.Edge e : g.edges()) {
            out.append("link,").append(e.from()).append(',').append(e.to()).append('\n');
        }
        return out.toString();
    }

    private static String lastOutcome(ChronosCounters.Counts c) {
        if (c == null || c.lastSuccess() == null && c.lastError() == null) {
            return "fresh";
        }
        if (c.lastSuccess() == null) {
            return "failure";
        }
        return c.lastError() == null || c.lastSuccess().isAfter(c.lastError()) ? "success" : "failure";
    }

    /** Whether {@code percentile} is one Chronos serves. */
    static boolean known(String percentile) {
        return PERCENTILES.containsKey(percentile) || "mean".equals(percentile);
    }

    /** Chronos' task status names. */
    private static String status(String attemptState) {
        return switch (attemptState) {
            case "FINISHED" -> "TASK_FINISHED";
            case "STAGING" -> "TASK_STAGING";
            case "RUNNING" -> "TASK_RUNNING";
            case "KILLED", "PREEMPTED" -> "TASK_KILLED";
            case "LOST" -> "TASK_LOST";
            case "ERROR" -> "TASK_ERROR";
            default -> "TASK_FAILED";
        };
    }

    /** As Chronos prints a task's duration: {@code 1d2h3m4s}, leading zero units left out, seconds always. */
    static String duration(Duration d) {
        StringBuilder b = new StringBuilder();
        long days = d.toDays();
        if (days > 0) {
            b.append(days).append('d');
        }
        if (d.toHoursPart() > 0 || b.length() > 0) {
            b.append(d.toHoursPart()).append('h');
        }
        if (d.toMinutesPart() > 0 || b.length() > 0) {
            b.append(d.toMinutesPart()).append('m');
        }
        return b.append(d.toSecondsPart()).append('s').toString();
    }
}
