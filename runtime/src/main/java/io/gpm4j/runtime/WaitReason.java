package io.gpm4j.runtime;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Internal: not part of the public API; public because channels, select, sync, time and the
 * network poller park with one.
 *
 * <p>Why a goroutine waits ("chan receive", "sleep", ...), as Go names it: a small number that every
 * G keeps in one byte, so that a parked goroutine does not hold a reference for it. The runtime's
 * own reasons are constants here; {@link #of} registers any other text once (a park that names
 * its reason by text looks it up on every park: the runtime's hot paths pass constants).
 * Past {@value #MAX} distinct reasons, a new text is recorded as {@link #OTHER}.
 *
 * <p>Go: waitReason (runtime2.go), a uint8 with a String method.
 */
public final class WaitReason {
    /** The most reasons a byte holds (code 0 is "none"). */
    static final int MAX = 255;

    private static final WaitReason[] BY_CODE = new WaitReason[MAX + 1];
    private static final ConcurrentHashMap<String, WaitReason> BY_TEXT = new ConcurrentHashMap<>();
    private static int registered;

    public static final WaitReason CHAN_RECEIVE = of("chan receive");
    public static final WaitReason CHAN_SEND = of("chan send");
    public static final WaitReason SELECT = of("select");
    public static final WaitReason SELECT_NO_CASES = of("select (no cases)");
    public static final WaitReason SLEEP = of("sleep");
    public static final WaitReason IO_WAIT = of("IO wait");
    public static final WaitReason SYNC_MUTEX_LOCK = of("sync.Mutex.Lock");
    public static final WaitReason SYNC_RWMUTEX_LOCK = of("sync.RWMutex.Lock");
    public static final WaitReason SYNC_RWMUTEX_RLOCK = of("sync.RWMutex.RLock");
    public static final WaitReason SYNC_WAITGROUP_WAIT = of("sync.WaitGroup.Wait");
    public static final WaitReason SYNC_COND_WAIT = of("sync.Cond.Wait");
    /** What a reason registered past {@link #MAX} is recorded as. */
    public static final WaitReason OTHER = of("other");

    /** The number a G keeps: 1 to {@link #MAX}; 0 means no reason. */
    final byte code;
    private final String text;

    private WaitReason(byte code, String text) {
        this.code = code;
        this.text = text;
    }

    /**
     * The reason with this text, registered on first use.
     *
     * @throws NullPointerException when {@code text} is null
     */
    public static WaitReason of(String text) {
        WaitReason r = BY_TEXT.get(text);
        return r != null ? r : register(text);
    }

    private static synchronized WaitReason register(String text) {
        WaitReason r = BY_TEXT.get(text);
        if (r != null) {
            return r;
        }
        if (registered == MAX) {
            return OTHER;
        }
        registered++;
        r = new WaitReason((byte) registered, text);
        BY_CODE[registered] = r;
        BY_TEXT.put(text, r);
        return r;
    }

    /** The text of the reason a G keeps as {@code code}, or null for 0 (none). */
    static String text(byte code) {
        WaitReason r = BY_CODE[code & 0xFF];
        return r == null ? null : r.text;
    }

    @Override
    public String toString() {
        return text;
    }
}
