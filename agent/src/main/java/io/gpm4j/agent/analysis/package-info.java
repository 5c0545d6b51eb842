/**
 * What may suspend: a method database built from class files read through the class loader
 * (never by loading classes), and the subtype questions the rewrite needs answered the same way.
 * See {@link io.gpm4j.agent.analysis.SuspendableMethods} for the rules.
 */
package io.gpm4j.agent.analysis;
