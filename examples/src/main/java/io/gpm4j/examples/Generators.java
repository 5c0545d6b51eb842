package io.gpm4j.examples;

/**
 * The first example: generators built on gpm4j's continuations. Prints Fibonacci numbers from an
 * endless generator, then walks a binary tree in order with a recursive generator that yields
 * from the bottom of its recursion. Run it under the agent:
 *
 * <pre>java -javaagent:agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar -cp examples/target/classes io.gpm4j.examples.Generators</pre>
 */
public final class Generators {
    private Generators() {
    }

    /** An endless generator of Fibonacci numbers. */
    static Generator<Long> fibonacci() {
        return new Generator<>(out -> {
            long a = 0;
            long b = 1;
            while (true) {
                out.yield(a);
                long next = a + b;
                a = b;
                b = next;
            }
        });
    }

    /** A binary search tree node. */
    record Tree(Tree left, int value, Tree right) {
        static Tree of(int... values) {
            Tree t = null;
            for (int v : values) {
                t = insert(t, v);
            }
            return t;
        }

        private static Tree insert(Tree t, int v) {
            if (t == null) {
                return new Tree(null, v, null);
            }
            return v < t.value ? new Tree(insert(t.left, v), t.value, t.right)
                    : new Tree(t.left, t.value, insert(t.right, v));
        }
    }

    /** Yields the tree's values in order, suspending from the bottom of the recursion. */
    static Generator<Integer> inOrder(Tree tree) {
        return new Generator<>(out -> walk(tree, out));
    }

    private static void walk(Tree t, Generator<Integer> out) {
        if (t == null) {
            return;
        }
        walk(t.left(), out);
        out.yield(t.value());
        walk(t.right(), out);
    }

    public static void main(String[] args) {
        Args.of(args, 0, "java -javaagent:agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar -cp examples/target/classes io.gpm4j.examples.Generators");
        StringBuilder fib = new StringBuilder("fibonacci:");
        Generator<Long> f = fibonacci();
        for (int i = 0; i < 15; i++) {
            fib.append(' ').append(f.next());
        }
        System.out.println(fib);

        StringBuilder walk = new StringBuilder("in order:");
        for (int v : inOrder(Tree.of(50, 30, 70, 20, 40, 60, 80, 35, 65))) {
            walk.append(' ').append(v);
        }
        System.out.println(walk);
    }
}
