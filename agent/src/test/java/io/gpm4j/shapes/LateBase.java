package io.gpm4j.shapes;

/** A concrete method that does not suspend; an override loaded later does. */
public class LateBase {
    public String step() {
        return "base";
    }
}
