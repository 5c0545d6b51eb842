package io.gpm4j.shapes;

/** An application interface whose implementation is reached through an unbound method reference. */
public interface Worker {
    String work(int n);
}
