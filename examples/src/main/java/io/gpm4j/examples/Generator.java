package io.gpm4j.examples;

import io.gpm4j.runtime.Continuation;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A generator in the style of Python's: the body runs until it yields a value, the iterator
 * hands that value out, and the body goes on from where it stopped when the next one is asked
 * for. Built on {@link Continuation}; the body may yield from any depth of ordinary method calls.
 *
 * @param <T> the type of the values generated
 */
public final class Generator<T> implements Iterator<T>, Iterable<T> {
    /** The code that produces the values. */
    @FunctionalInterface
    public interface Body<T> {
        void generate(Generator<T> out);
    }

    private final Continuation continuation;
    private T next;
    private boolean ready;

    public Generator(Body<T> body) {
        this.continuation = new Continuation(() -> body.generate(this));
    }

    /** Hands {@code value} to the consumer and waits until the next value is asked for. */
    public void yield(T value) {
        next = value;
        ready = true;
        Continuation.suspend();
    }

    @Override
    public boolean hasNext() {
        if (!ready && !continuation.isDone()) {
            continuation.run();
        }
        return ready;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ready = false;
        T v = next;
        next = null;
        return v;
    }

    @Override
    public Iterator<T> iterator() {
        return this;
    }
}
