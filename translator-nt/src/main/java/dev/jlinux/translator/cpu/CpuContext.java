// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.cpu;

import java.lang.foreign.MemorySegment;

/**
 * A saved CPU state ({@code uc_context}): all registers, including x87/SSE state, but not memory.
 * It can be restored into the engine that saved it or into another x86-64 engine (fork). Closing it
 * frees the native copy; closing the engine that saved it frees it too.
 */
public final class CpuContext implements AutoCloseable {
    private final Cpu owner;
    private MemorySegment handle;

    CpuContext(Cpu owner, MemorySegment handle) {
        this.owner = owner;
        this.handle = handle;
    }

    MemorySegment handle() {
        MemorySegment h = handle;
        if (h == null) throw new IllegalStateException("CpuContext is closed");
        return h;
    }

    boolean isOpen() {
        return handle != null;
    }

    /** Frees the saved state (uc_context_free). Idempotent. */
    @Override
    public void close() {
        MemorySegment h = handle;
        if (h == null) return;
        handle = null;
        owner.freeContext(this, h);
    }
}
