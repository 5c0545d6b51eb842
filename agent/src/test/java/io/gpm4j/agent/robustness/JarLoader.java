package io.gpm4j.agent.robustness;

import java.util.Map;

/**
 * Child first for the classes of one jar, which it defines from the bytes it is given (original
 * or rewritten); everything else (the JDK, the gpm4j runtime, the jar's own dependencies) comes
 * from the parent. Resources come from the parent, so the rewrite reads the jar's original class
 * files through this loader. Defining a class does not verify it: see {@link Linking}.
 */
final class JarLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> classes;

    JarLoader(String name, ClassLoader parent, Map<String, byte[]> classes) {
        super(name, parent);
        this.classes = classes;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!classes.containsKey(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = findClass(name);
            }
            return c;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }
}
