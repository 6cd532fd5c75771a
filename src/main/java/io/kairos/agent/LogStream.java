package io.kairos.agent;

/** The output stream a chunk of task output came from. */
public enum LogStream { STDOUT, STDERR }
