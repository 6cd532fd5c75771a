package io.kairos.task;

/** The output stream a chunk of task output came from. */
public enum LogStream { STDOUT, STDERR }
