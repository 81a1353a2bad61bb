// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/**
 * Memory-mapping constants: mmap(2) protections and flags, mremap(2), msync(2) and madvise(2), from
 * {@code include/uapi/asm-generic/mman-common.h}, {@code include/uapi/linux/mman.h} and
 * {@code arch/x86/include/uapi/asm/mman.h} (x86-64 values).
 */
public final class Mman {
    private Mman() {}

    public static final int PROT_NONE = 0x0;
    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;
    public static final int PROT_EXEC = 0x4;
    public static final int PROT_SEM = 0x8;
    public static final int PROT_GROWSDOWN = 0x01000000;
    public static final int PROT_GROWSUP = 0x02000000;

    /** The mapping-type field of the flags. */
    public static final int MAP_TYPE = 0x0f;
    public static final int MAP_FILE = 0;
    public static final int MAP_SHARED = 0x01;
    public static final int MAP_PRIVATE = 0x02;
    public static final int MAP_SHARED_VALIDATE = 0x03;
    public static final int MAP_DROPPABLE = 0x08;
    public static final int MAP_FIXED = 0x10;
    public static final int MAP_ANONYMOUS = 0x20;
    public static final int MAP_ANON = MAP_ANONYMOUS;
    /** x86 only: map in the first 2 GiB. */
    public static final int MAP_32BIT = 0x40;
    public static final int MAP_ABOVE4G = 0x80;
    public static final int MAP_GROWSDOWN = 0x0100;
    public static final int MAP_DENYWRITE = 0x0800;
    public static final int MAP_EXECUTABLE = 0x1000;
    public static final int MAP_LOCKED = 0x2000;
    public static final int MAP_NORESERVE = 0x4000;
    public static final int MAP_POPULATE = 0x008000;
    public static final int MAP_NONBLOCK = 0x010000;
    public static final int MAP_STACK = 0x020000;
    public static final int MAP_HUGETLB = 0x040000;
    public static final int MAP_SYNC = 0x080000;
    public static final int MAP_FIXED_NOREPLACE = 0x100000;
    public static final int MAP_UNINITIALIZED = 0x4000000;
    public static final int MAP_HUGE_SHIFT = 26;
    public static final int MAP_HUGE_MASK = 0x3f;

    public static final int MREMAP_MAYMOVE = 1;
    public static final int MREMAP_FIXED = 2;
    public static final int MREMAP_DONTUNMAP = 4;

    public static final int MS_ASYNC = 1;
    public static final int MS_INVALIDATE = 2;
    public static final int MS_SYNC = 4;

    public static final int MADV_NORMAL = 0;
    public static final int MADV_RANDOM = 1;
    public static final int MADV_SEQUENTIAL = 2;
    public static final int MADV_WILLNEED = 3;
    public static final int MADV_DONTNEED = 4;
    public static final int MADV_FREE = 8;
    public static final int MADV_REMOVE = 9;
    public static final int MADV_DONTFORK = 10;
    public static final int MADV_DOFORK = 11;
    public static final int MADV_MERGEABLE = 12;
    public static final int MADV_UNMERGEABLE = 13;
    public static final int MADV_HUGEPAGE = 14;
    public static final int MADV_NOHUGEPAGE = 15;
    public static final int MADV_DONTDUMP = 16;
    public static final int MADV_DODUMP = 17;
    public static final int MADV_WIPEONFORK = 18;
    public static final int MADV_KEEPONFORK = 19;
    public static final int MADV_COLD = 20;
    public static final int MADV_PAGEOUT = 21;
    public static final int MADV_POPULATE_READ = 22;
    public static final int MADV_POPULATE_WRITE = 23;
    public static final int MADV_DONTNEED_LOCKED = 24;
    public static final int MADV_COLLAPSE = 25;
    public static final int MADV_GUARD_INSTALL = 102;
    public static final int MADV_GUARD_REMOVE = 103;
    public static final int MADV_HWPOISON = 100;
    public static final int MADV_SOFT_OFFLINE = 101;

    public static final NameTable PROT_NAMES = NameTable.builder("PROT_")
            .zero("PROT_NONE").add(PROT_READ, "PROT_READ").add(PROT_WRITE, "PROT_WRITE").add(PROT_EXEC, "PROT_EXEC")
            .add(PROT_SEM, "PROT_SEM").add(PROT_GROWSDOWN, "PROT_GROWSDOWN").add(PROT_GROWSUP, "PROT_GROWSUP")
            .build();

    public static final NameTable MAP_TYPE_NAMES = NameTable.builder("MAP_")
            .add(MAP_FILE, "MAP_FILE").add(MAP_SHARED, "MAP_SHARED").add(MAP_PRIVATE, "MAP_PRIVATE")
            .add(MAP_SHARED_VALIDATE, "MAP_SHARED_VALIDATE").add(MAP_DROPPABLE, "MAP_DROPPABLE")
            .build();

    /** The flags beyond the type, in strace's order. */
    public static final NameTable MAP_FLAG_NAMES = NameTable.builder("MAP_")
            .add(MAP_FIXED, "MAP_FIXED").add(MAP_ANONYMOUS, "MAP_ANONYMOUS").add(MAP_32BIT, "MAP_32BIT")
            .add(MAP_ABOVE4G, "MAP_ABOVE4G").add(MAP_NORESERVE, "MAP_NORESERVE").add(MAP_POPULATE, "MAP_POPULATE")
            .add(MAP_NONBLOCK, "MAP_NONBLOCK").add(MAP_GROWSDOWN, "MAP_GROWSDOWN").add(MAP_DENYWRITE, "MAP_DENYWRITE")
            .add(MAP_EXECUTABLE, "MAP_EXECUTABLE").add(MAP_LOCKED, "MAP_LOCKED").add(MAP_STACK, "MAP_STACK")
            .add(MAP_HUGETLB, "MAP_HUGETLB").add(MAP_SYNC, "MAP_SYNC").add(MAP_UNINITIALIZED, "MAP_UNINITIALIZED")
            .add(MAP_FIXED_NOREPLACE, "MAP_FIXED_NOREPLACE")
            .build();

    public static final NameTable MREMAP_NAMES = NameTable.builder("MREMAP_")
            .add(MREMAP_MAYMOVE, "MREMAP_MAYMOVE").add(MREMAP_FIXED, "MREMAP_FIXED")
            .add(MREMAP_DONTUNMAP, "MREMAP_DONTUNMAP")
            .build();

    /** msync(2) flags, in strace's order ({@code MS_SYNC|MS_INVALIDATE}). */
    public static final NameTable MSYNC_NAMES = NameTable.builder("MS_")
            .add(MS_ASYNC, "MS_ASYNC").add(MS_SYNC, "MS_SYNC").add(MS_INVALIDATE, "MS_INVALIDATE")
            .build();

    public static final NameTable MADV_NAMES = NameTable.builder("MADV_")
            .add(MADV_NORMAL, "MADV_NORMAL").add(MADV_RANDOM, "MADV_RANDOM").add(MADV_SEQUENTIAL, "MADV_SEQUENTIAL")
            .add(MADV_WILLNEED, "MADV_WILLNEED").add(MADV_DONTNEED, "MADV_DONTNEED").add(MADV_FREE, "MADV_FREE")
            .add(MADV_REMOVE, "MADV_REMOVE").add(MADV_DONTFORK, "MADV_DONTFORK").add(MADV_DOFORK, "MADV_DOFORK")
            .add(MADV_MERGEABLE, "MADV_MERGEABLE").add(MADV_UNMERGEABLE, "MADV_UNMERGEABLE")
            .add(MADV_HUGEPAGE, "MADV_HUGEPAGE").add(MADV_NOHUGEPAGE, "MADV_NOHUGEPAGE")
            .add(MADV_DONTDUMP, "MADV_DONTDUMP").add(MADV_DODUMP, "MADV_DODUMP")
            .add(MADV_WIPEONFORK, "MADV_WIPEONFORK").add(MADV_KEEPONFORK, "MADV_KEEPONFORK")
            .add(MADV_COLD, "MADV_COLD").add(MADV_PAGEOUT, "MADV_PAGEOUT")
            .add(MADV_POPULATE_READ, "MADV_POPULATE_READ").add(MADV_POPULATE_WRITE, "MADV_POPULATE_WRITE")
            .add(MADV_DONTNEED_LOCKED, "MADV_DONTNEED_LOCKED").add(MADV_COLLAPSE, "MADV_COLLAPSE")
            .add(MADV_HWPOISON, "MADV_HWPOISON").add(MADV_SOFT_OFFLINE, "MADV_SOFT_OFFLINE")
            .add(MADV_GUARD_INSTALL, "MADV_GUARD_INSTALL").add(MADV_GUARD_REMOVE, "MADV_GUARD_REMOVE")
            .build();

    /** mmap flags as strace prints them: type first, then flags, then the huge-page size field. */
    public static String formatMapFlags(long flags) {
        flags &= 0xffffffffL;
        String type = MAP_TYPE_NAMES.name(flags & MAP_TYPE);
        if (type == null) return MAP_TYPE_NAMES.unknown(flags);
        StringBuilder sb = new StringBuilder(type);
        long rest = MAP_FLAG_NAMES.appendFlags(sb, flags & ~(long) MAP_TYPE);
        long huge = (rest >>> MAP_HUGE_SHIFT) & MAP_HUGE_MASK;
        rest &= ~((long) MAP_HUGE_MASK << MAP_HUGE_SHIFT);
        if (rest != 0) sb.append('|').append(NameTable.hex(rest));
        if (huge != 0) sb.append('|').append(huge).append("<<MAP_HUGE_SHIFT");
        return sb.toString();
    }
}
