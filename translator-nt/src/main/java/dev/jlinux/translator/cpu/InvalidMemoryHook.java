// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.cpu;

/** Called when the guest touches unmapped memory or memory whose protection forbids the access. */
@FunctionalInterface
public interface InvalidMemoryHook {
    /**
     * @param type the access ({@code *_UNMAPPED} or {@code *_PROT})
     * @param addr the guest address accessed (for a fetch, the address being fetched)
     * @param size the access size in bytes
     * @param value the value being written, for writes
     * @return true if the hook made the access valid (mapped or re-protected the page) and the
     *     instruction should be retried; false to stop emulation, after which {@link Cpu#start} fails
     *     with the matching {@code UC_ERR_*} code
     */
    boolean onInvalidMemory(MemAccess type, long addr, int size, long value) throws Exception;
}
