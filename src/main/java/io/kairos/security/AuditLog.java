package io.kairos.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Who changed what: one {@code audit_event} row per change, written in the change's own transaction (so a change
 * rolled back leaves no row, and none commits without one). The services that change things call {@link #record}, not
 * the resources, so the API, the console and the Chronos and Livy adapters are all covered.
 */
@ApplicationScoped
public class AuditLog {

    /** The actor of a change made with authentication off. */
    public static final String OPEN = "open";
    /** The actor of a change Kairos made by itself. */
    public static final String SYSTEM = "system";

    /** Looked up when used: an agent has no database, and services holding this bean are made there too. */
    private final Instance<EntityManager> em;
    private final Access access;
    private final Clock clock;
    private final ObjectMapper json;

    AuditLog(Instance<EntityManager> em, Access access, Clock clock, ObjectMapper json) {
        this.em = em;
        this.access = access;
        this.clock = clock;
        this.json = json;
    }

    /** Which rows {@link #find} answers: each null part matches every row; {@code limit} from 1. */
    public record Filter(String target, String actor, String action, Instant since, int limit) {
    }

    /**
     * Records a change by the caller, in the transaction making it. The actor is {@link Access#caller()}, never a
     * name passed in: the row says who sent the request (or {@code system} for work no request asked for).
     *
     * @param diff   a definition's changed fields ({@link AuditDiff}), or null
     * @param detail a few words more (a kill's reason, a role's new weight), or null
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(AuditAction action, String target, JsonNode diff, String detail) {
        em.get().createNativeQuery("INSERT INTO audit_event (at, actor, action, target, diff, detail)"
                        + " VALUES (?1, ?2, ?3, ?4, CAST(?5 AS jsonb), ?6)")
                .setParameter(1, Timestamp.from(clock.instant())).setParameter(2, actor(access.caller())).setParameter(3, action.wire())
                .setParameter(4, target).setParameter(5, diff == null ? null : diff.toString()).setParameter(6, detail)
                .executeUpdate();
    }

    /** The rows {@code q} matches, newest first. */
    @Transactional
    public List<AuditEvent> find(Filter q) {
        StringBuilder sql = new StringBuilder("SELECT id, at, actor, action, target, CAST(diff AS text), detail FROM audit_event WHERE true");
        List<Object> values = new ArrayList<>();
        where(sql, values, "target = ", q.target());
        where(sql, values, "actor = ", q.actor());
        where(sql, values, "action = ", q.action());
        where(sql, values, "at >= ", q.since() == null ? null : Timestamp.from(q.since()));
        sql.append(" ORDER BY at DESC, id DESC LIMIT ").append(q.limit());
        jakarta.persistence.Query query = em.get().createNativeQuery(sql.toString());
        for (int i = 0; i < values.size(); i++) {
            query.setParameter(i + 1, values.get(i));
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(this::event).toList();
    }

    /** Tokens are named by people: {@code open} and {@code system} are kept for the actors no token stands for. */
    static String actor(Caller by) {
        return by == Caller.OPEN ? OPEN : by == Caller.SYSTEM ? SYSTEM : by.name();
    }

    private static void where(StringBuilder sql, List<Object> values, String condition, Object value) {
        if (value != null) {
            values.add(value);
            sql.append(" AND ").append(condition).append('?').append(values.size());
        }
    }

    private AuditEvent event(Object[] r) {
        return new AuditEvent(((Number) r[0]).longValue(), instant(r[1]), (String) r[2], (String) r[3], (String) r[4],
                r[5] == null ? null : read((String) r[5]), (String) r[6]);
    }

    /** A timestamptz as the driver and Hibernate's version hand it to a native query. */
    private static Instant instant(Object at) {
        return at instanceof Timestamp t ? t.toInstant() : at instanceof java.time.OffsetDateTime o ? o.toInstant() : (Instant) at;
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit_event.diff is not JSON", e);
        }
    }
}
