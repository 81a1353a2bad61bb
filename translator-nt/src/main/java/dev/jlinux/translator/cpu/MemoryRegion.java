// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.cpu;

/**
 * One region mapped in the engine ({@code uc_mem_region}).
 *
 * @param beginAddr first guest address of the region
 * @param endAddr guest address just past the region (Unicorn's inclusive end plus one)
 * @param prot {@link Prot} bits
 */
public record MemoryRegion(long beginAddr, long endAddr, int prot) {
    public long size() {
        return endAddr - beginAddr;
    }

    @Override
    public String toString() {
        return String.format("%x-%x %s", beginAddr, endAddr, Prot.toString(prot));
    }
}
