package io.gpm4j.shapes;

/** An application interface whose implementation is loaded only after its caller ran. */
public interface Service {
    String serve(String request);
}
