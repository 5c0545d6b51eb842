package io.gpm4j.agent.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds and caches the {@link ClassFacts} of classes by internal name, reading class files
 * through a class loader's resources. It never loads a class, so it is safe inside a
 * {@code ClassFileTransformer}. Thread safe.
 */
public final class ClassFiles {
    /** Cached for a class that was not found, so that it is looked up once. */
    private static final ClassFacts MISSING = ClassFacts.placeholder("gpm4j/Missing");

    private final Map<ClassLoader, Map<String, ClassFacts>> byLoader = new WeakHashMap<>();
    private final Map<String, ClassFacts> boot = new ConcurrentHashMap<>();

    /** The facts of {@code internalName} as {@code loader} would see it, or null when not found. */
    public ClassFacts find(String internalName, ClassLoader loader) {
        if (internalName == null) {
            return null;
        }
        Map<String, ClassFacts> cache = cacheOf(loader);
        ClassFacts facts = cache.get(internalName);
        if (facts == null) {
            facts = read(internalName, loader);
            cache.put(internalName, facts == null ? MISSING : facts);
        }
        return facts == MISSING ? null : facts;
    }

    /** Records the facts of a class whose bytes are in hand (the class being transformed). */
    public ClassFacts define(byte[] classFile, ClassLoader loader) {
        ClassFacts facts = ClassFacts.parse(classFile);
        cacheOf(loader).put(facts.name, facts);
        return facts;
    }

    private Map<String, ClassFacts> cacheOf(ClassLoader loader) {
        if (loader == null) {
            return boot;
        }
        synchronized (byLoader) {
            Map<String, ClassFacts> cache = byLoader.get(loader);
            if (cache == null) {
                cache = new ConcurrentHashMap<>();
                byLoader.put(loader, cache);
            }
            return cache;
        }
    }

    private static ClassFacts read(String internalName, ClassLoader loader) {
        String resource = internalName + ".class";
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource)
                : loader.getResourceAsStream(resource)) {
            return in == null ? null : ClassFacts.parse(in.readAllBytes());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
