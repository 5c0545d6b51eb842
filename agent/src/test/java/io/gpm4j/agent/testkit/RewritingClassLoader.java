package io.gpm4j.agent.testkit;

import io.gpm4j.agent.rewrite.ClassRewriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Loads the classes of some packages itself (child first), through the same rewrite the agent
 * applies, and checks every rewritten class with ASM's verifier before defining it. Other
 * classes come from the parent, so the runtime is shared with the test.
 */
public final class RewritingClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final List<String> prefixes;
    private final ClassRewriter rewriter;
    private final Map<String, ClassRewriter.Outcome> outcomes = new ConcurrentHashMap<>();
    private final List<String> excluded = new CopyOnWriteArrayList<>();

    public RewritingClassLoader(ClassLoader parent, ClassRewriter rewriter, String... packagePrefixes) {
        super("gpm4j-rewriting", parent);
        this.rewriter = rewriter;
        this.prefixes = List.of(packagePrefixes);
    }

    public RewritingClassLoader(String... packagePrefixes) {
        this(RewritingClassLoader.class.getClassLoader(), new ClassRewriter(), packagePrefixes);
    }

    /** Classes of these names are loaded here but not rewritten (as if excluded from the agent). */
    public RewritingClassLoader exclude(String... classNames) {
        excluded.addAll(List.of(classNames));
        return this;
    }

    public ClassRewriter.Outcome outcome(String className) {
        return outcomes.get(className);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!mine(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = findClass(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] original = bytesOf(name);
        if (original == null) {
            throw new ClassNotFoundException(name);
        }
        byte[] bytes = original;
        if (!excluded.contains(name)) {
            ClassRewriter.Outcome outcome = rewriter.rewrite(original, this);
            outcomes.put(name, outcome);
            if (outcome.changed()) {
                bytes = outcome.bytes();
                verify(name, bytes);
            }
        }
        return defineClass(name, bytes, 0, bytes.length);
    }

    private boolean mine(String name) {
        for (String p : prefixes) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private byte[] bytesOf(String name) {
        try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        return getParent().getResourceAsStream(name);
    }

    /**
     * Runs ASM's verifier over a rewritten class; throws {@link VerifyError} with its report. The
     * verifier loads the classes it compares through the parent: the rewrite never changes the
     * hierarchy, and loading them here would recurse when two classes refer to each other (the
     * verifier of one would define the other, whose verifier asks for the first, not yet defined).
     */
    public void verify(String name, byte[] bytes) {
        StringWriter report = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(bytes), getParent(), false, new PrintWriter(report));
        if (report.getBuffer().length() > 0) {
            throw new VerifyError("rewritten " + name + " fails verification:\n" + report);
        }
    }
}
