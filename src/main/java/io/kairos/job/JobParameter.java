package io.kairos.job;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A parameter a job declares (issue #5). Its value reaches the task as {@code KAIROS_PARAM_<NAME>}
 * and as an argument that is exactly {@code ${name}}. {@code values} lists an enum's choices (null
 * for the other types); {@code defaultValue} is a string, or a whole number for an int, or null.
 */
public record JobParameter(String name, Type type, List<String> values, @JsonProperty("default") Object defaultValue,
                           boolean required) {

    /** Serialised in lower case, as the API takes it. */
    public enum Type {
        @JsonProperty("string") STRING,
        @JsonProperty("int") INT,
        @JsonProperty("date") DATE,
        @JsonProperty("enum") ENUM
    }
}
