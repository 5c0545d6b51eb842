package io.gpm4j.agent.analysis;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Subtype questions answered from class files (through {@link ClassFiles}), for the analyzer's
 * type merges and for the class writer's stack-map frames. ASM's defaults load classes with
 * {@code Class.forName}, which inside an agent fails or causes {@code ClassCircularityError}.
 * An unknown class is treated as a direct subclass of {@code java/lang/Object}.
 */
public final class ClassHierarchy {
    private static final String OBJECT = "java/lang/Object";

    private final ClassFiles files;
    private final ClassLoader loader;

    public ClassHierarchy(ClassFiles files, ClassLoader loader) {
        this.files = files;
        this.loader = loader;
    }

    public boolean isInterface(String internalName) {
        ClassFacts f = files.find(internalName, loader);
        return f != null && f.isInterface();
    }

    /** The superclass, or null for {@code java/lang/Object} and interfaces' unknowns. */
    public String superName(String internalName) {
        if (OBJECT.equals(internalName)) {
            return null;
        }
        ClassFacts f = files.find(internalName, loader);
        return f == null ? OBJECT : f.superName;
    }

    /** Whether a value of class {@code from} may be assigned to a variable of class {@code to}. */
    public boolean isAssignableFrom(String to, String from) {
        if (to.equals(from) || OBJECT.equals(to)) {
            return true;
        }
        Deque<String> work = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        work.push(from);
        while (!work.isEmpty()) {
            String n = work.pop();
            if (!seen.add(n)) {
                continue;
            }
            if (n.equals(to)) {
                return true;
            }
            ClassFacts f = files.find(n, loader);
            if (f == null) {
                continue;
            }
            if (f.superName != null) {
                work.push(f.superName);
            }
            for (String i : f.interfaces) {
                work.push(i);
            }
        }
        return false;
    }

    /** The nearest common superclass, as the JVM verifier merges two class types. */
    public String commonSuperClass(String a, String b) {
        if (isAssignableFrom(a, b)) {
            return a;
        }
        if (isAssignableFrom(b, a)) {
            return b;
        }
        if (isInterface(a) || isInterface(b)) {
            return OBJECT;
        }
        String s = a;
        do {
            s = superName(s);
            if (s == null) {
                return OBJECT;
            }
        } while (!isAssignableFrom(s, b));
        return s;
    }
}
