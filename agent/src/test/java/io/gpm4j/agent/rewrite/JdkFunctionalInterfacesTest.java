package io.gpm4j.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gpm4j.agent.analysis.ClassFiles;
import io.gpm4j.agent.analysis.SuspendableMethods;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;

/**
 * Which calls into JDK interfaces the analysis treats as suspendable: the single abstract method
 * of an interface the JDK annotates {@code @FunctionalInterface} (a lambda may implement it and
 * suspend), and nothing else. Interfaces with one abstract method that the JDK does not mean for
 * lambdas ({@code AutoCloseable}, {@code Closeable}, {@code Iterable}, {@code Comparable},
 * {@code Executor}) are ordinary JDK calls: counting them made every try-with-resources and every
 * loop over an {@code Iterable} suspendable.
 */
class JdkFunctionalInterfacesTest {
    @Test
    void onlyTheJdksFunctionalInterfacesAreSuspendable() {
        SuspendableMethods analysis = new SuspendableMethods(new ClassFiles(), getClass().getClassLoader());
        Map<String, Boolean> expected = new LinkedHashMap<>();
        expected.put("java/lang/Runnable.run()V", true);
        expected.put("java/util/concurrent/Callable.call()Ljava/lang/Object;", true);
        expected.put("java/util/function/Supplier.get()Ljava/lang/Object;", true);
        expected.put("java/util/function/Function.apply(Ljava/lang/Object;)Ljava/lang/Object;", true);
        expected.put("java/util/function/UnaryOperator.apply(Ljava/lang/Object;)Ljava/lang/Object;", true); // inherited
        expected.put("java/util/Comparator.compare(Ljava/lang/Object;Ljava/lang/Object;)I", true);
        expected.put("java/util/function/Function.andThen(Ljava/util/function/Function;)Ljava/util/function/Function;", false);
        expected.put("java/lang/AutoCloseable.close()V", false);
        expected.put("java/io/Closeable.close()V", false);
        expected.put("java/lang/Iterable.iterator()Ljava/util/Iterator;", false);
        expected.put("java/lang/Comparable.compareTo(Ljava/lang/Object;)I", false);
        expected.put("java/util/concurrent/Executor.execute(Ljava/lang/Runnable;)V", false);
        expected.put("java/util/List.size()I", false);
        Map<String, Boolean> actual = new LinkedHashMap<>();
        for (String call : expected.keySet()) {
            int dot = call.indexOf('.');
            int paren = call.indexOf('(');
            actual.put(call, analysis.isSuspendableCall(Opcodes.INVOKEINTERFACE, call.substring(0, dot),
                    call.substring(dot + 1, paren), call.substring(paren)));
        }
        assertEquals(expected, actual);
    }
}
