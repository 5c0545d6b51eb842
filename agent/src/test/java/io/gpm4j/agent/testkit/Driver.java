package io.gpm4j.agent.testkit;

import io.gpm4j.runtime.Continuation;
import java.util.ArrayList;
import java.util.List;

/** Runs a rewritten subject to the end inside a continuation, collecting what it yields. */
public final class Driver {
    private final RewritingClassLoader loader;

    public Driver(RewritingClassLoader loader) {
        this.loader = loader;
    }

    public Driver() {
        this(new RewritingClassLoader("io.gpm4j.shapes."));
    }

    public RewritingClassLoader loader() {
        return loader;
    }

    /** A new instance of a subject class (simple name in {@code io.gpm4j.shapes}). */
    public Subject subject(String simpleName) {
        try {
            Class<?> k = loader.loadClass("io.gpm4j.shapes." + simpleName);
            return (Subject) k.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** The result of a run: the values yielded at each suspension, and the subject's result. */
    public record Run(List<Object> yielded, Object result) {
    }

    /** Runs the subject; at each suspension the driver hands back {@code "resume-N"}. */
    public Run run(Subject s) {
        List<Object> yielded = new ArrayList<>();
        Continuation c = new Continuation(s);
        Mailbox.out = null;
        while (!c.run()) {
            yielded.add(Mailbox.out);
            Mailbox.out = null;
            Mailbox.in = "resume-" + yielded.size();
            if (yielded.size() > 100_000) {
                throw new AssertionError("runaway subject");
            }
        }
        return new Run(yielded, s.result());
    }

    public Run run(String simpleName) {
        return run(subject(simpleName));
    }
}
