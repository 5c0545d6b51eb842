package io.gpm4j.agent.testkit;

/**
 * Values passed between a suspended subject and the test driving it: the subject leaves a value
 * in {@link #out} before it suspends, the driver may leave one in {@link #in} before it resumes.
 * Plain static fields: one subject at a time.
 */
public final class Mailbox {
    public static Object out;
    public static Object in;

    private Mailbox() {
    }
}
