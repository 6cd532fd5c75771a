package io.kairos.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads a stored job definition: one place, usable by the run side without depending on JobService. */
@ApplicationScoped
public class JobDefinitions {

    private final ObjectMapper json;

    JobDefinitions(ObjectMapper json) {
        this.json = json;
    }

    public JobDefinition of(JobEntity e) {
        try {
            return json.readValue(e.definition, JobDefinition.class);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored definition of job " + e.name + " is unreadable", ex);
        }
    }
}
