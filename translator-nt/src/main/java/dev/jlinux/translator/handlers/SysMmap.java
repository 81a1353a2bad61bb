// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.handlers;

import static dev.jlinux.syscalls.Mman.*;
import static dev.jlinux.syscalls.Resource.RLIMIT_STACK;

import dev.jlinux.syscalls.DeviceNumbers;
import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Stat;
import dev.jlinux.syscalls.SyscallArgs;
import dev.jlinux.translator.kernel.AddressSpace;
import dev.jlinux.translator.kernel.GuestProcess;
import dev.jlinux.translator.kernel.SharedMemory;
import dev.jlinux.vfs.OpenFile;
import dev.jlinux.vfs.Statx;
import java.nio.ByteBuffer;

/** brk, mmap, munmap, mprotect, mremap, msync, mincore and madvise over the process's {@link AddressSpace}. */
final class SysMmap {
    /** Flags MAP_SHARED_VALIDATE accepts (mm/mmap.c LEGACY_MAP_MASK plus MAP_SYNC). */
    static final int LEGACY_MAP_MASK = MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_DENYWRITE
            | MAP_EXECUTABLE | MAP_UNINITIALIZED | MAP_GROWSDOWN | MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE
            | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB | MAP_32BIT | MAP_FIXED_NOREPLACE | (MAP_HUGE_MASK << MAP_HUGE_SHIFT);

    /** The most a MAP_GROWSDOWN mapping may grow (host memory for it is reserved at mmap). */
    static final long MAX_GROWSDOWN = 128L << 20;

    private SysMmap() {}

    /** Implements brk(2): returns the new break, or the old one when the request cannot be met. */
    static long brk(GuestProcess p, SyscallArgs a) throws ErrnoException {
        long want = a.a0();
        long cur = p.brk();
        if (want < p.brkStart() || want >= AddressSpace.MMAP_BASE) return cur;
        long oldEnd = AddressSpace.pageUp(cur), newEnd = AddressSpace.pageUp(want);
        AddressSpace mem = p.memory();
        if (newEnd > oldEnd) {
            if (!mem.isFree(oldEnd, newEnd - oldEnd)) return cur;
            try {
                mem.map(oldEnd, newEnd - oldEnd, PROT_READ | PROT_WRITE, "[heap]");
            } catch (ErrnoException e) {
                return cur; // RLIMIT_AS, RLIMIT_DATA or jlinux's memory limit
            }
        } else if (newEnd < oldEnd) {
            mem.unmap(newEnd, oldEnd - newEnd);
        }
        p.setBrk(want);
        return want;
    }

    /**
     * Implements mmap(2): private file mappings are copies; shared ones show the file's
     * {@link SharedMemory shared pages}, shared anonymous memory (and /dev/zero's) one block that fork shares.
     */
    static long mmap(GuestProcess p, SyscallArgs a) throws ErrnoException {
        long addr = a.a0(), len = a.a1(), off = a.a5();
        int prot = a.intArg(2), flags = a.intArg(3), fd = a.intArg(4);
        if ((prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN | PROT_GROWSUP)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (len == 0 || (off & (AddressSpace.PAGE - 1)) != 0) throw new ErrnoException(Errno.EINVAL);
        long size = AddressSpace.pageUp(len);
        if (size == 0 || size < 0 || size > AddressSpace.TASK_SIZE) throw new ErrnoException(Errno.ENOMEM);
        int type = flags & MAP_TYPE;
        if (type == MAP_SHARED_VALIDATE) {
            if ((flags & ~LEGACY_MAP_MASK) != 0) throw new ErrnoException(Errno.EOPNOTSUPP);
        } else if (type != MAP_SHARED && type != MAP_PRIVATE) {
            throw new ErrnoException(Errno.EINVAL);
        }
        boolean shared = type != MAP_PRIVATE;
        boolean anonymous = (flags & MAP_ANONYMOUS) != 0;
        OpenFile file = null;
        String name = "anon";
        if (!anonymous) {
            OpenFile f = p.fds().get(fd);
            if (f.handle() == null) throw new ErrnoException(Errno.EBADF);
            // do_mmap's order: the access mode first, then whether the file can be mapped at all
            if (shared && (prot & PROT_WRITE) != 0 && !f.writable()) throw new ErrnoException(Errno.EACCES);
            if (!f.readable()) throw new ErrnoException(Errno.EACCES);
            Statx st = f.getattr();
            if (st.type() == Stat.S_IFCHR && st.rdev() == DeviceNumbers.makedev(DeviceNumbers.MEM_MAJOR,
                    DeviceNumbers.ZERO_MINOR)) {
                anonymous = true; // mmap_zero: shmem when shared, anonymous memory when private
                name = shared ? "/dev/zero (deleted)" : mappedName(p, f);
            } else if (st.type() != Stat.S_IFREG) {
                throw new ErrnoException(Errno.ENODEV);
            } else {
                file = f;
                name = mappedName(p, f);
            }
        } else if (shared) {
            name = "/dev/zero (deleted)"; // shmem_zero_setup's name, as /proc/PID/maps shows it
        }
        boolean growsDown = (flags & MAP_GROWSDOWN) != 0;
        if (growsDown && (shared || (flags & MAP_ANONYMOUS) == 0)) throw new ErrnoException(Errno.EINVAL);
        AddressSpace mem = p.memory();
        long at;
        if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) != 0) {
            if ((addr & (AddressSpace.PAGE - 1)) != 0) throw new ErrnoException(Errno.EINVAL);
            if (addr + size > AddressSpace.TASK_SIZE || addr + size < addr) throw new ErrnoException(Errno.ENOMEM);
            if ((flags & MAP_FIXED) == 0 && !mem.isFree(addr, size)) throw new ErrnoException(Errno.EEXIST);
            mem.unmap(addr, size);
            at = addr;
        } else {
            at = mem.findFree(addr, size);
        }
        int vmProt = prot & (PROT_READ | PROT_WRITE | PROT_EXEC);
        if (growsDown) {
            long rlimit = p.rlimits().cur(RLIMIT_STACK);
            long max = Long.compareUnsigned(rlimit, MAX_GROWSDOWN) < 0 ? rlimit : MAX_GROWSDOWN;
            mem.mapGrowsDown(at, size, vmProt, name, Math.min(max - size, at - AddressSpace.MMAP_MIN_ADDR));
        } else if (!shared) {
            mem.map(at, size, vmProt, name);
            if (file != null) fill(mem, at, size, file, off);
        } else if (file != null) {
            mem.mapShared(at, size, vmProt, name, SharedMemory.file(file, off, size), off, file.writable());
        } else {
            mem.mapShared(at, size, vmProt, name, SharedMemory.anonymous(size), 0, true);
        }
        return at;
    }

    /** The name a file mapping shows in /proc/PID/maps: the file's path. */
    private static String mappedName(GuestProcess p, OpenFile f) throws ErrnoException {
        String path = p.vfs().pathOf(f, p.fs().root());
        return path == null ? f.name() : path;
    }

    /** Copies the file's bytes at {@code off} into the new private mapping; past EOF stays zero. */
    private static void fill(AddressSpace mem, long at, long size, OpenFile file, long off) throws ErrnoException {
        long done = 0;
        while (done < size) {
            AddressSpace.Vma v = mem.find(at + done);
            long n = Math.min(size - done, v.end() - (at + done));
            long got = SysReadWrite.read(file, new ByteBuffer[] {mem.vmaSegment(v, at + done, n).asByteBuffer()},
                    off + done);
            if (got < n) return;
            done += n;
        }
    }

    /** Implements munmap(2). */
    static long munmap(GuestProcess p, SyscallArgs a) throws ErrnoException {
        long addr = a.a0(), len = a.a1();
        if ((addr & (AddressSpace.PAGE - 1)) != 0 || len == 0) throw new ErrnoException(Errno.EINVAL);
        long size = AddressSpace.pageUp(len);
        if (size <= 0 || addr + size > AddressSpace.TASK_SIZE || addr + size < addr) throw new ErrnoException(Errno.EINVAL);
        p.memory().unmap(addr, size);
        return 0;
    }

    /** Implements msync(2) (mm/msync.c): shared file pages go back to the file, with an fsync for MS_SYNC. */
    static long msync(GuestProcess p, SyscallArgs a) throws ErrnoException {
        long addr = a.a0(), len = a.a1();
        int flags = a.intArg(2);
        if ((flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) != 0 || (addr & (AddressSpace.PAGE - 1)) != 0
                || ((flags & MS_ASYNC) != 0 && (flags & MS_SYNC) != 0)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long end = addr + AddressSpace.pageUp(len);
        if (Long.compareUnsigned(end, addr) < 0) throw new ErrnoException(Errno.ENOMEM);
        if (end == addr) return 0;
        AddressSpace mem = p.memory();
        mem.syncShared(addr, end - addr, (flags & MS_SYNC) != 0);
        if (end < 0 || end > AddressSpace.TASK_SIZE || !mem.fullyMapped(addr, end)) throw new ErrnoException(Errno.ENOMEM);
        return 0;
    }

    /** Implements mprotect(2). */
    static long mprotect(GuestProcess p, SyscallArgs a) throws ErrnoException {
        long addr = a.a0(), len = a.a1();
        int prot = a.intArg(2);
        if ((addr & (AddressSpace.PAGE - 1)) != 0) throw new ErrnoException(Errno.EINVAL);
        if ((prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN | PROT_GROWSUP)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (len == 0) return 0;
        long size = AddressSpace.pageUp(len);
        if (size <= 0 || addr + size < addr) throw new ErrnoException(Errno.ENOMEM);
        p.memory().protect(addr, size, prot & (PROT_READ | PROT_WRITE | PROT_EXEC));
        return 0;
    }

    /** Implements madvise(2): DONTNEED and FREE zero private anonymous pages; the hints are accepted. */
    static long madvise(GuestProcess p, SyscallArgs a) throws ErrnoException {
        long addr = a.a0(), len = a.a1();
        int advice = a.intArg(2);
        if ((addr & (AddressSpace.PAGE - 1)) != 0 || len < 0) throw new ErrnoException(Errno.EINVAL);
        boolean known = switch (advice) {
            case MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_WILLNEED, MADV_DONTNEED, MADV_FREE, MADV_DONTFORK,
                    MADV_DOFORK, MADV_MERGEABLE, MADV_UNMERGEABLE, MADV_HUGEPAGE, MADV_NOHUGEPAGE, MADV_DONTDUMP,
                    MADV_DODUMP, MADV_WIPEONFORK, MADV_KEEPONFORK, MADV_COLD, MADV_PAGEOUT -> true;
            default -> false;
        };
        if (!known) throw new ErrnoException(Errno.EINVAL);
        if (len == 0) return 0;
        long size = AddressSpace.pageUp(len);
        boolean whole = p.memory().fullyMapped(addr, addr + size);
        if (advice == MADV_DONTNEED || advice == MADV_FREE) p.memory().zero(addr, size);
        if (!whole) throw new ErrnoException(Errno.ENOMEM);
        return 0;
    }

    /** Implements mremap(2). */
    static long mremap(GuestProcess p, SyscallArgs a) throws ErrnoException {
        long addr = a.a0(), oldLen = a.a1(), newLen = a.a2(), newAddr = a.a4();
        int flags = a.intArg(3);
        boolean mayMove = (flags & MREMAP_MAYMOVE) != 0, fixed = (flags & MREMAP_FIXED) != 0,
                dontUnmap = (flags & MREMAP_DONTUNMAP) != 0;
        if ((flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)) != 0
                || (addr & (AddressSpace.PAGE - 1)) != 0 || ((fixed || dontUnmap) && !mayMove)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long oldSize = AddressSpace.pageUp(oldLen), newSize = AddressSpace.pageUp(newLen);
        if (newSize == 0 || newSize < 0 || oldSize < 0 || (dontUnmap && oldSize != newSize)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (newSize > AddressSpace.TASK_SIZE || addr + oldSize > AddressSpace.TASK_SIZE) {
            throw new ErrnoException(fixed ? Errno.EINVAL : Errno.EFAULT);
        }
        return p.memory().remap(addr, oldSize, newSize, mayMove, fixed ? newAddr : -1, dontUnmap);
    }

    /** Implements mincore(2). */
    static long mincore(GuestProcess p, SyscallArgs a) throws ErrnoException {
        long addr = a.a0(), len = a.a1();
        if ((addr & (AddressSpace.PAGE - 1)) != 0) throw new ErrnoException(Errno.EINVAL);
        long size = AddressSpace.pageUp(len);
        if (len < 0 || addr + size > AddressSpace.TASK_SIZE || addr + size < addr) throw new ErrnoException(Errno.ENOMEM);
        if (size == 0) return 0;
        byte[] vec = p.memory().residency(addr, size);
        p.memory().write(a.a2(), vec);
        return 0;
    }
}
