// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.cpu;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/** See {@link Cpu#stopFlag()}: raised by any thread, cleared by the engine's own thread after the stop. */
public final class StopFlag {
    private static final VarHandle FLAG = JAVA_INT.varHandle();

    private final MemorySegment data;

    StopFlag(MemorySegment data) {
        this.data = data;
    }

    /** The engine stops before its next block (or at once, if it starts while raised). */
    public void raise() {
        FLAG.setVolatile(data, 0L, 1);
    }

    /** Lowers the flag; true when it was raised. */
    public boolean clear() {
        return (int) FLAG.getAndSet(data, 0L, 0) != 0;
    }
}
