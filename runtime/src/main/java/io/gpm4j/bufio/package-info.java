/**
 * Buffered I/O over network connections that parks instead of pinning: Go's package
 * {@code bufio} for {@link io.gpm4j.net.Conn}.
 *
 * <p>Why not the JDK's: {@code new BufferedReader(new InputStreamReader(conn.inputStream()))}
 * works, but every read that must wait happens below JDK frames ({@code BufferedReader},
 * {@code InputStreamReader}, {@code StreamDecoder}), which the agent never rewrites and so cannot
 * suspend; the goroutine then pins: it blocks its carrier thread (which hands its P to another),
 * one thread per waiting connection again. {@link io.gpm4j.bufio.Reader} and
 * {@link io.gpm4j.bufio.Writer} are gpm4j code, rewritten like the application, so a wait in them
 * parks the goroutine.
 */
package io.gpm4j.bufio;
