package io.gpm4j;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as one that may suspend the goroutine that calls it, for the cases the agent's
 * inference cannot see (a method reached only through reflection or a framework, say).
 *
 * <p>No annotation is needed in ordinary code: the agent infers what may suspend from the call
 * graph. On an interface or abstract method it makes every call through that method a
 * suspendable call site. On a type it marks every method the type declares. Quasar's
 * {@code co.paralleluniverse.fibers.Suspendable} is recognised by name and means the same.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Suspendable {
}
