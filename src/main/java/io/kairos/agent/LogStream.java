package io.kairos.agent;
public enum LogStream { STDOUT, STDERR }
