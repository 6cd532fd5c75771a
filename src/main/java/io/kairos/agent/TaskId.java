package io.kairos.agent;
public record TaskId(long value) {}
