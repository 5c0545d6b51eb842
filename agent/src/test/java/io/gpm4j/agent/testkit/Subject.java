package io.gpm4j.agent.testkit;

/** A test program run as a continuation's body; {@link #result()} is read once it is done. */
public interface Subject extends Runnable {
    Object result();
}
