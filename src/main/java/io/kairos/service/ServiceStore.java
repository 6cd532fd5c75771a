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

    ServiceStore(ObjectMapper json) {
        this.json = json;
    }

    /** The stored definition, read by the API's own rules (it was written from one they accepted). */
    public ServiceDefinition definition(ServiceEntity e) {
        try {
            return ServiceJson.parse(json.readTree(e.definition), e.id);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("service " + e.id + " has a definition that is not JSON", ex);
        }
    }

    String write(ServiceDefinition def) {
        try {
            return json.writeValueAsString(def);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write service " + def.id(), ex);
        }
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
