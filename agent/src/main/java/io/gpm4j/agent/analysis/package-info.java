/**
 * What may suspend: a method database built from class files read through the class loader
 * (never by loading classes), and the subtype questions the rewrite needs answered the same way.
 * See {@link io.gpm4j.agent.analysis.SuspendableMethods} for the rules. Which libraries know about
 * goroutines is read from their jars ({@link io.gpm4j.agent.analysis.CodeSources}) and remembered
 * across JVMs ({@link io.gpm4j.agent.analysis.ScanCache}).
 *
 * <p>This code, and the rewrite's, runs on the application's main thread during its start-up,
 * interpreted: the first class it rewrites pays for loading the agent's own classes and for
 * every link it makes. So the path of a class's first look and first rewrite avoids streams, new
 * lambda shapes and a record's generated {@code equals} (each an {@code invokedynamic} whose first
 * link costs about a millisecond on JDK 25), and never reads a class file it can answer without.
 */
package io.gpm4j.agent.analysis;
