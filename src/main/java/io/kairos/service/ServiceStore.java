package io.kairos.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;

/** Service rows to definitions and back, and the crash-loop back-off kept on them. */
@ApplicationScoped
public class ServiceStore {

    private final ObjectMapper json;
    /**
     * The last definition read of each service, with the JSON it was read from: the allocation loop reads every
     * service every cycle, and a definition changes far less often than that.
     */
    private final java.util.Map<String, Read> read = new java.util.concurrent.ConcurrentHashMap<>();

    private record Read(String json, ServiceDefinition definition) {
    }

    ServiceStore(ObjectMapper json) {
        this.json = json;
    }

    /** The stored definition, read by the API's own rules (it was written from one they accepted). */
    public ServiceDefinition definition(ServiceEntity e) {
        Read last = read.get(e.id);
        if (last != null && last.json().equals(e.definition)) {
            return last.definition();
        }
        try {
            ServiceDefinition def = ServiceJson.parse(json.readTree(e.definition), e.id);
            read.put(e.id, new Read(e.definition, def));
            return def;
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("service " + e.id + " has a definition that is not JSON", ex);
        }
    }

    /** The service is gone: its last read definition is not kept. */
    void forget(String serviceId) {
        read.remove(serviceId);
    }

    String write(ServiceDefinition def) {
        try {
            return json.writeValueAsString(def);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write service " + def.id(), ex);
        }
    }

    /** Keeps the service's current configuration as {@code configVersion}'s, for rollbacks and the versions' list. */
    @Transactional(Transactional.TxType.MANDATORY)
    void keepVersion(ServiceEntity e, Instant at) {
        ServiceEntity.getEntityManager().createNativeQuery("INSERT INTO service_version (service_id, config_version, definition,"
                        + " created_at) VALUES (?1, ?2, CAST(?3 AS jsonb), ?4)")
                .setParameter(1, e.id).setParameter(2, e.configVersion).setParameter(3, e.definition).setParameter(4, at)
                .executeUpdate();
    }

    /** The number of a service's next configuration: above every one it has had (a rollback goes back to an older one). */
    @Transactional(Transactional.TxType.MANDATORY)
    long nextConfigVersion(String serviceId) {
        Number max = (Number) ServiceEntity.getEntityManager()
                .createNativeQuery("SELECT coalesce(max(config_version), 0) FROM service_version WHERE service_id = ?1")
                .setParameter(1, serviceId).getSingleResult();
        return max.longValue() + 1;
    }

    /** The definition of a kept configuration. */
    @Transactional(Transactional.TxType.MANDATORY)
    ServiceDefinition version(String serviceId, long configVersion) {
        java.util.List<?> rows = ServiceEntity.getEntityManager()
                .createNativeQuery("SELECT CAST(definition AS text) FROM service_version WHERE service_id = ?1 AND config_version = ?2")
                .setParameter(1, serviceId).setParameter(2, configVersion).getResultList();
        if (rows.isEmpty()) {
            throw new IllegalStateException("service " + serviceId + " has no configuration " + configVersion);
        }
        Object def = rows.get(0);
        try {
            return ServiceJson.parse(json.readTree((String) def), serviceId);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("service " + serviceId + " keeps a configuration that is not JSON", ex);
        }
    }

    /** When each kept configuration was made, oldest first. */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public java.util.List<Instant> versionTimes(String serviceId) {
        java.util.List<Object> rows = ServiceEntity.getEntityManager()
                .createNativeQuery("SELECT created_at FROM service_version WHERE service_id = ?1 ORDER BY config_version")
                .setParameter(1, serviceId).getResultList();
        return rows.stream().map(ServiceStore::instant).toList();
    }

    private static Instant instant(Object o) {
        if (o instanceof Instant i) {
            return i;
        }
        if (o instanceof java.time.OffsetDateTime t) {
            return t.toInstant();
        }
        return ((java.sql.Timestamp) o).toInstant();
    }

    /** An instance of the service failed: its next launch waits (longer for each failure in a row, unless it ran long). */
    @Transactional(Transactional.TxType.MANDATORY)
    void failed(String serviceId, boolean ranLong, Instant now) {
        ServiceEntity s = ServiceEntity.findById(serviceId, LockModeType.PESSIMISTIC_WRITE);
        if (s == null) {
            return;
        }
        s.failures = ranLong ? 1 : s.failures + 1;
        s.launchDelayUntil = now.plus(definition(s).backoff().delay(s.failures));
    }

    /** An instance passed its health checks: launches no longer wait. */
    @Transactional(Transactional.TxType.MANDATORY)
    void recovered(String serviceId) {
        ServiceEntity s = ServiceEntity.findById(serviceId, LockModeType.PESSIMISTIC_WRITE);
        if (s != null && (s.failures != 0 || s.launchDelayUntil != null)) {
            s.failures = 0;
            s.launchDelayUntil = null;
        }
    }
}
