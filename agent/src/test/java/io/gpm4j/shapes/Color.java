package io.gpm4j.shapes;

/** An enum switched on by {@link ControlFlow}. */
public enum Color {
    RED, GREEN, BLUE
}
