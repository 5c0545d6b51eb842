package io.gpm4j.agent.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.agent.analysis.ClassFacts;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ClassFacts#lambdaTargetsOf}, which reads a class's lambdas from its constant pool and
 * {@code BootstrapMethods} alone (the agent's path for a library it never rewrites), finds exactly
 * what a full parse finds ({@link ClassFacts#parse}, every {@code invokedynamic} of every method),
 * on every class of three real libraries.
 */
class LambdaTargetsReadingTest {

    @Test
    void theConstantPoolGivesTheLambdasAFullParseFinds() {
        int classes = 0;
        int withLambdas = 0;
        int targets = 0;
        int virtual = 0;
        for (JarClasses jar : List.of(JarClasses.of("guava", com.google.common.collect.ImmutableList.class),
                JarClasses.of("commons-lang3", org.apache.commons.lang3.StringUtils.class),
                JarClasses.of("jackson-databind", com.fasterxml.jackson.databind.ObjectMapper.class))) {
            for (Map.Entry<String, byte[]> c : jar.classes.entrySet()) {
                List<ClassFacts.LambdaTarget> parsed =
                        new ArrayList<>(new LinkedHashSet<>(ClassFacts.parse(c.getValue()).lambdaTargets()));
                List<ClassFacts.LambdaTarget> read = ClassFacts.lambdaTargetsOf(c.getValue());
                assertEquals(new LinkedHashSet<>(parsed), new LinkedHashSet<>(read), jar.label + ": " + c.getKey());
                assertEquals(parsed.size(), read.size(), jar.label + ": " + c.getKey() + " lists a target twice");
                classes++;
                withLambdas += parsed.isEmpty() ? 0 : 1;
                targets += parsed.size();
                virtual += (int) parsed.stream().filter(ClassFacts.LambdaTarget::virtual).count();
            }
        }
        // the comparison means something only if the libraries make lambdas, of every kind
        assertTrue(withLambdas > 100, withLambdas + " of " + classes + " classes make lambdas");
        assertTrue(targets > 500, targets + " lambda targets");
        assertTrue(virtual > 20 && virtual < targets, virtual + " of " + targets + " targets dispatch on their receiver");
    }

    @Test
    void aClassWithoutBootstrapMethodsHasNone() throws Exception {
        byte[] plain;
        try (var in = String.class.getResourceAsStream("/java/lang/Void.class")) {
            plain = in.readAllBytes();
        }
        assertTrue(ClassFacts.lambdaTargetsOf(plain).isEmpty());
        assertTrue(ClassFacts.parse(plain).lambdaTargets().isEmpty());
    }
}
