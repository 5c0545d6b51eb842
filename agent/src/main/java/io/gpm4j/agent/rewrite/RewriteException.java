package io.gpm4j.agent.rewrite;

/** A method or class that the rewrite refuses; it is then left exactly as it was. */
public final class RewriteException extends Exception {
    private static final long serialVersionUID = 1L;

    public RewriteException(String reason) {
        super(reason, null, false, false);
    }
}
