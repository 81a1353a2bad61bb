// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.cpu;

/** Called before each translated basic block runs. */
@FunctionalInterface
public interface BlockHook {
    /**
     * @param addr the guest address of the block (RIP)
     * @param size the block's size in bytes (0 when Unicorn does not know it)
     */
    void onBlock(long addr, int size) throws Exception;
}
