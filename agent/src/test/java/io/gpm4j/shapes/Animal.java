package io.gpm4j.shapes;

/** An enum whose constants have bodies that suspend, reached through an abstract method. */
public enum Animal {
    CAT {
        @Override
        String speak(int times) {
            String word = "meow";
            Yield.value("cat" + times);
            return word.repeat(times);
        }
    },
    DOG {
        @Override
        String speak(int times) {
            return "woof" + Ops.f(times);
        }
    };

    abstract String speak(int times);

    /** A method of the enum itself. */
    String intro() {
        Object in = Yield.value("intro-" + name());
        return ordinal() + name().toLowerCase() + in;
    }
}
