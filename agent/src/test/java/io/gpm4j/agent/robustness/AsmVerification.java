package io.gpm4j.agent.robustness;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.SimpleVerifier;
import org.objectweb.asm.util.CheckClassAdapter;

/** ASM's verifier over a class file, with the class loader its {@link SimpleVerifier} loads types through. */
final class AsmVerification {
    private AsmVerification() {
    }

    /** {@link CheckClassAdapter#verify}'s report: empty when the class passes. */
    static String verify(byte[] bytes, ClassLoader loader) {
        StringWriter report = new StringWriter();
        try {
            CheckClassAdapter.verify(new ClassReader(bytes), loader, false, new PrintWriter(report));
        } catch (RuntimeException | LinkageError e) {
            // the structural checks (CheckMethodAdapter) throw rather than report; a type the
            // SimpleVerifier loads may be missing (an optional dependency) or fail to define
            e.printStackTrace(new PrintWriter(report));
        }
        return report.toString();
    }

    /**
     * The same analysis method by method, naming the failing ones: method id to the error. A
     * class whose structure is broken is reported under {@code <class>}.
     */
    static Map<String, String> failingMethods(byte[] bytes, ClassLoader loader) {
        Map<String, String> failures = new LinkedHashMap<>();
        ClassNode node = new ClassNode();
        try {
            new ClassReader(bytes).accept(new CheckClassAdapter(Opcodes.ASM9, node, false) { }, ClassReader.SKIP_DEBUG);
        } catch (RuntimeException e) {
            failures.put("<class>", String.valueOf(e));
            return failures;
        }
        Type superType = node.superName == null ? null : Type.getObjectType(node.superName);
        List<Type> interfaces = new ArrayList<>();
        for (String i : node.interfaces) {
            interfaces.add(Type.getObjectType(i));
        }
        for (MethodNode m : node.methods) {
            SimpleVerifier verifier = new SimpleVerifier(Opcodes.ASM9, Type.getObjectType(node.name), superType,
                    interfaces, (node.access & Opcodes.ACC_INTERFACE) != 0) { };
            verifier.setClassLoader(loader);
            try {
                new Analyzer<BasicValue>(verifier).analyze(node.name, m);
            } catch (AnalyzerException | RuntimeException | LinkageError e) {
                failures.put(m.name + m.desc, String.valueOf(e));
            }
        }
        return failures;
    }

    /** The first line of a report. */
    static String firstLine(String report) {
        int nl = report.indexOf('\n');
        return (nl < 0 ? report : report.substring(0, nl)).trim();
    }
}
