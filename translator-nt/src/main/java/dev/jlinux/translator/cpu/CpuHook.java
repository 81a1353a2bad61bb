// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.cpu;

/** A registered hook ({@code uc_hook}); {@link #remove()} unregisters it. */
public final class CpuHook {
    private final Cpu cpu;
    private final long handle;
    private boolean removed;

    CpuHook(Cpu cpu, long handle) {
        this.cpu = cpu;
        this.handle = handle;
    }

    /**
     * Unregisters the hook (uc_hook_del). Safe inside a hook: Unicorn defers the deletion until the
     * hook list is not being walked. Idempotent; a no-op once the engine is closed.
     */
    public void remove() throws CpuException {
        if (removed) return;
        removed = true;
        cpu.removeHook(handle);
    }
}
