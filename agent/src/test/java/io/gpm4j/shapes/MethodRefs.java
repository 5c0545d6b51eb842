package io.gpm4j.shapes;

import io.gpm4j.agent.testkit.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Method references whose implementation method is not the one the reference names: an unbound
 * reference to an interface method, and a bound reference whose receiver overrides the method.
 */
public final class MethodRefs implements Subject {
    private final List<Object> out = new ArrayList<>();

    @Override
    public void run() {
        BiFunction<Worker, Integer, String> unboundInterface = Worker::work;
        out.add(unboundInterface.apply(n -> "w" + n + Yield.value("worker" + n), 1));
        Lambdas.Job sub = new Lambdas.SubJob();
        Worker boundOverride = sub::work;
        out.add(boundOverride.work(2));
        Function<Lambdas.Job, String> unboundClass = j -> j.work(3);
        out.add(unboundClass.apply(sub));
        BiFunction<Lambdas.Job, Integer, String> unboundClassRef = Lambdas.Job::work;
        out.add(unboundClassRef.apply(sub, 4));
        ToIntFunction<String> length = String::length;
        out.add(length.applyAsInt("four"));
    }

    @Override
    public Object result() {
        return out;
    }
}
