package io.gpm4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuiteAgentOptionsTest {
    private static final String JAR = "-javaagent:/x/agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar";

    @Test
    void theSuitesOptionsComeFirstSoThatTheChildsOwnWin() {
        assertEquals(List.of("java", JAR + "=chaos=50,chaosseed=1,main,chaos=3", "-cp", "x", "Main"),
                SuiteAgentOptions.apply(List.of("java", JAR + "=main,chaos=3", "-cp", "x", "Main"), "chaos=50,chaosseed=1"));
        assertEquals(List.of("java", JAR + "=chaos=50", "Main"),
                SuiteAgentOptions.apply(List.of("java", JAR, "Main"), "chaos=50"));
    }

    @Test
    void otherAgentsNoOptionsAndChildrenThatSetThePropertyAreLeftAlone() {
        List<String> other = List.of("java", "-javaagent:/x/other-agent.jar=a", "Main");
        assertEquals(other, SuiteAgentOptions.apply(other, "chaos=50"));
        List<String> gpm4j = List.of("java", JAR + "=main", "Main");
        assertEquals(gpm4j, SuiteAgentOptions.apply(gpm4j, ""));
        List<String> exact = List.of("java", JAR + "=chaos=3", "-Dgpm4j.test.agentOptions=", "Main");
        assertEquals(exact, SuiteAgentOptions.apply(exact, "chaos=50"));
    }
}
