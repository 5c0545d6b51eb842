/**
 * Go's package {@code sync} for goroutines and plain threads: {@link io.gpm4j.sync.Mutex},
 * {@link io.gpm4j.sync.RWMutex}, {@link io.gpm4j.sync.WaitGroup}, {@link io.gpm4j.sync.Once} and
 * {@link io.gpm4j.sync.Cond}.
 *
 * <h2>Two worlds</h2>
 * Every blocking operation parks the caller through {@code io.gpm4j.runtime.park.Parking}: a
 * goroutine suspends (its carrier runs other goroutines), a plain thread blocks. Both are
 * {@code io.gpm4j.runtime.Waiter}s and are queued and readied the same way, so a thread may wait
 * for a goroutine and the other way round. This package is rewritten by the agent like
 * application code, which is what lets its methods suspend.
 *
 * <h2>Layers, as in Go</h2>
 * <ol>
 *   <li>{@code Sema} (Go: semacquire/semrelease, runtime/sema.go): a counting semaphore whose
 *       waiters live in a global table of 251 {@code SemaRoot}s keyed by the semaphore's
 *       identity. Acquire with a free unit and release with nobody waiting are one atomic each
 *       and never touch the table. Waiters queue FIFO; a waiter that lost a race goes back to
 *       the front (lifo), and a release may hand its unit straight to the first waiter
 *       (handoff).</li>
 *   <li>{@code NotifyList} (Go: notifyList): a ticket queue for {@code Cond}.</li>
 *   <li>The public types, on top: each keeps its state in one atomic word changed by CAS (Go's
 *       atomics become {@code VarHandle} operations) and falls back to a semaphore only to
 *       wait.</li>
 * </ol>
 *
 * <h2>No lost wake-ups</h2>
 * A waiter is queued under its queue's {@code RuntimeLock} and parks with an unlock function
 * that releases that lock only after the park is complete (Go: goparkunlock). A waker dequeues
 * under the same lock, so it never readies a waiter that is not parked yet, and readies each
 * dequeued waiter exactly once, after releasing the lock.
 *
 * <h2>Wait reasons</h2>
 * As Go (tip) names them in goroutine dumps: "sync.Mutex.Lock", "sync.RWMutex.RLock",
 * "sync.RWMutex.Lock", "sync.WaitGroup.Wait", "sync.Cond.Wait".
 */
package io.gpm4j.sync;
