package io.gpm4j.agent.robustness;

/**
 * Loads and links a class without initialising it, so that HotSpot's bytecode verifier runs on
 * it (and on its supertypes) but no static initialiser does.
 *
 * <p>{@code Class.forName(name, false, loader)} only loads: HotSpot verifies a class when it
 * links it, and links lazily. {@link Class#getDeclaredMethods()} links the class first
 * ({@code JVM_GetClassDeclaredMethods} calls {@code link_class}), then resolves the types named in
 * the method signatures. {@code ThirdPartyJarsTest.linkingRunsTheJvmVerifier} proves that a
 * deliberately broken class loads fine and is rejected here.
 */
final class Linking {
    private Linking() {
    }

    /** Null when the class loads and links, else what was thrown. */
    static Throwable link(String name, ClassLoader loader) {
        try {
            Class<?> c = Class.forName(name, false, loader);
            c.getDeclaredMethods();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /** Whether the failure is the verifier's or the class file parser's: the rewrite's doing if the original loads. */
    static boolean isBytecodeError(Throwable t) {
        return t instanceof VerifyError || t instanceof ClassFormatError;
    }

    static String describe(Throwable t) {
        String m = t.getMessage();
        if (m != null) {
            int nl = m.indexOf('\n');
            String first = nl < 0 ? m : m.substring(0, nl);
            // HotSpot's VerifyError puts the method in a "Location:" paragraph; keep it on one line
            int loc = m.indexOf("Location:");
            if (loc >= 0) {
                String rest = m.substring(loc + "Location:".length()).trim();
                int end = rest.indexOf('\n');
                first += " @ " + (end < 0 ? rest : rest.substring(0, end)).trim();
            }
            m = first;
        }
        return t.getClass().getName() + (m == null ? "" : ": " + m);
    }
}
