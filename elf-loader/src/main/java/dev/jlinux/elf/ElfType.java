// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.elf;

/** The ELF object types Linux executes ({@code e_type}, from {@code <uapi/linux/elf.h>}). */
public enum ElfType {
    /** {@code ET_EXEC}: fixed-address executable; mapped at its p_vaddr. */
    EXEC,
    /** {@code ET_DYN}: position-independent executable or shared object; mapped at p_vaddr + bias. */
    DYN
}
