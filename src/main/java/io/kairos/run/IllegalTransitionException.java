package io.kairos.run;

/** A state change the lifecycle table does not allow: a bug, surfaced loudly. */
public class IllegalTransitionException extends IllegalStateException {
    public IllegalTransitionException(String what, String from, String to) {
        super("illegal " + what + " transition " + from + " -> " + to);
    }
}
