// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.GuestMemory;
import dev.jlinux.syscalls.Resource;
import dev.jlinux.translator.cpu.Cpu;
import dev.jlinux.translator.cpu.CpuException;
import dev.jlinux.translator.host.HostMemory;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A guest address space: a VMA table owned by Java, each VMA backed by host memory reserved
 * through FFM and mapped into the engine with {@code uc_mem_map_ptr}, so handlers read and write
 * guest memory directly as {@link MemorySegment}s.
 */
public final class AddressSpace implements GuestMemory {
    public static final long PAGE = 4096;
    /** Linux x86-64 TASK_SIZE_MAX with 4-level paging: the first address user space cannot map. */
    public static final long TASK_SIZE = 0x7ffffffff000L;
    /** Where top-down mmap placement starts (below the stack and its 8 MiB rlimit gap, as Linux's mmap_base). */
    public static final long MMAP_BASE = 0x7ffff7fff000L;
    /** Lowest address mmap hands out without MAP_FIXED (Linux's default vm.mmap_min_addr). */
    public static final long MMAP_MIN_ADDR = 0x10000L;
    /** How close a stack may grow to the mapping below it (mm/mmap.c stack_guard_gap: 256 pages). */
    public static final long STACK_GUARD_GAP = 256 * 4096L;

    static final int PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;

    /**
     * One mapping: {@code [start, end)} with Linux PROT_* bits, backed by {@code block} from
     * {@code blockOffset}. A stack ([stack], MAP_GROWSDOWN) has {@code growRoom} bytes of {@code block}
     * reserved below it to grow down into; other mappings have none.
     */
    public record Vma(long start, long end, int prot, String name, MemorySegment block, long blockOffset,
                      long growRoom) {
        long length() {
            return end - start;
        }

        /** True for a stack that may still grow down (Linux's VM_GROWSDOWN with room left). */
        public boolean growsDown() {
            return growRoom > 0;
        }

        MemorySegment host(long addr, long len) {
            return block.asSlice(blockOffset + (addr - start), len);
        }

        /** The part {@code [from, to)}; only the lowest part keeps the room to grow. */
        Vma slice(long from, long to) {
            return new Vma(from, to, prot, name, block, blockOffset + (from - start), from == start ? growRoom : 0);
        }

        Vma withProt(int newProt) {
            return new Vma(start, end, newProt, name, block, blockOffset, growRoom);
        }

        /** This stack grown down to {@code newStart}, using that much of its room. */
        Vma grownTo(long newStart) {
            long delta = start - newStart;
            return new Vma(newStart, end, prot, name, block, blockOffset - delta, growRoom - delta);
        }
    }

    private final Cpu cpu;
    /** The process's limits: RLIMIT_STACK, RLIMIT_AS and RLIMIT_DATA bound this address space. */
    private final ResourceLimits limits;
    private final MemoryBudget budget;
    private final TreeMap<Long, Vma> vmas = new TreeMap<>();
    /** Bytes mapped, and of those the private writable non-stack ones (Linux's total_vm and data_vm). */
    private long mappedBytes, dataBytes;
    /** Host blocks this address space maps but does not own (a vfork child's view of its parent's memory). */
    private final Set<MemorySegment> borrowed = Collections.newSetFromMap(new IdentityHashMap<>());
    /**
     * The shared memory this address space maps, by the block its mappings name: a view of the shared
     * memory of its own for each mapping made, which holds one reference.
     */
    private final Map<MemorySegment, SharedMemory> shared = new IdentityHashMap<>();
    /** The views of shared file mappings whose file is not open for writing: mprotect cannot add PROT_WRITE (VM_MAYWRITE). */
    private final Set<MemorySegment> sharedNoWrite = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Set when a file this address space maps shared got shorter: its pages past the end must fault. */
    private volatile boolean sharedResized;

    public AddressSpace(Cpu cpu, ResourceLimits limits, MemoryBudget budget) {
        this.cpu = cpu;
        this.limits = limits;
        this.budget = budget;
    }

    public static long pageDown(long a) {
        return a & -PAGE;
    }

    public static long pageUp(long a) {
        return (a + PAGE - 1) & -PAGE;
    }

    /** Every mapping in address order. */
    public List<Vma> vmas() {
        return List.copyOf(vmas.values());
    }

    /** Maps zeroed memory at {@code [addr, addr+len)}, which must be page aligned and free. */
    public void map(long addr, long len, int prot, String name) throws ErrnoException {
        map(addr, len, prot, name, 0);
    }

    /**
     * Maps a stack at {@code [addr, addr+len)} that grows down on faults below it (see
     * {@link #growStack}) by up to {@code growRoom} bytes, reserved in host memory now.
     */
    public void mapGrowsDown(long addr, long len, int prot, String name, long growRoom) throws ErrnoException {
        map(addr, len, prot, name, pageDown(Math.max(0, growRoom)));
    }

    private void map(long addr, long len, int prot, String name, long growRoom) throws ErrnoException {
        checkMappable(addr, len);
        checkLimits(len, (prot & PROT_WRITE) != 0 && growRoom == 0 ? len : 0);
        charge(len);
        mapCharged(addr, len, prot, name, growRoom);
    }

    /** Maps what {@link #map} does, once the budget has been charged {@code len}. */
    private void mapCharged(long addr, long len, int prot, String name, long growRoom) throws ErrnoException {
        MemorySegment block;
        try {
            block = HostMemory.reserve(growRoom + len);
        } catch (OutOfMemoryError e) {
            budget.release(len);
            throw new ErrnoException(Errno.ENOMEM);
        }
        try {
            cpu.mapHost(addr, len, prot & 7, block.asSlice(growRoom, len));
        } catch (CpuException e) {
            HostMemory.release(block, 0, growRoom + len);
            budget.release(len);
            throw new ErrnoException(Errno.ENOMEM, e.getMessage());
        }
        put(new Vma(addr, addr + len, prot, name, block, growRoom, growRoom));
    }

    /**
     * Linux's may_expand_vm (mm/mmap.c): ENOMEM when {@code bytes} more, of which
     * {@code dataBytesAdded} private writable, would pass RLIMIT_AS or RLIMIT_DATA.
     */
    private void checkLimits(long bytes, long dataBytesAdded) throws ErrnoException {
        if (Long.compareUnsigned(mappedBytes + bytes, limits.soft(Resource.RLIMIT_AS) & -PAGE) > 0) {
            throw new ErrnoException(Errno.ENOMEM, "RLIMIT_AS");
        }
        if (dataBytesAdded > 0
                && Long.compareUnsigned(dataBytes + dataBytesAdded, limits.soft(Resource.RLIMIT_DATA) & -PAGE) > 0) {
            throw new ErrnoException(Errno.ENOMEM, "RLIMIT_DATA");
        }
    }

    /** Charges the run's budget {@code bytes} of new host memory; ENOMEM past it. */
    private void charge(long bytes) throws ErrnoException {
        if (!budget.tryCharge(bytes)) throw new ErrnoException(Errno.ENOMEM, "jlinux's guest memory limit");
    }

    /** Counts private writable memory as Linux's data_vm does (a stack or shared memory is not data). */
    private boolean isData(Vma v) {
        return (v.prot() & PROT_WRITE) != 0 && !v.growsDown() && !shared.containsKey(v.block());
    }

    /** Enters {@code v} in the table; every change of the table goes through here and {@link #drop}. */
    private void put(Vma v) {
        vmas.put(v.start(), v);
        mappedBytes += v.length();
        if (isData(v)) dataBytes += v.length();
    }

    private void drop(Vma v) {
        vmas.remove(v.start());
        mappedBytes -= v.length();
        if (isData(v)) dataBytes -= v.length();
    }

    /**
     * Grows the stack above {@code addr} down to cover it, as a page fault below a VM_GROWSDOWN
     * mapping does (mm/mmap.c expand_downwards and acct_stack_growth): the stack may not exceed
     * RLIMIT_STACK nor come within {@link #STACK_GUARD_GAP} of an accessible mapping below it.
     * False when Linux would refuse, and the access faults.
     */
    public boolean growStack(long addr) {
        if (addr < MMAP_MIN_ADDR || addr >= TASK_SIZE || find(addr) != null) return false;
        Map.Entry<Long, Vma> above = vmas.higherEntry(addr);
        if (above == null || !above.getValue().growsDown()) return false;
        Vma v = above.getValue();
        long newStart = pageDown(addr);
        Map.Entry<Long, Vma> below = vmas.lowerEntry(addr);
        if (below != null) {
            Vma prev = below.getValue();
            if (!prev.growsDown() && prev.prot() != 0 && newStart - prev.end() < STACK_GUARD_GAP) return false;
        }
        if (v.start() - newStart > v.growRoom()) return false;
        if (Long.compareUnsigned(v.end() - newStart, limits.soft(Resource.RLIMIT_STACK)) > 0) return false;
        try {
            checkLimits(v.start() - newStart, 0);
            if (!borrowed.contains(v.block())) charge(v.start() - newStart); // a vfork child grows its parent's
        } catch (ErrnoException e) {
            return false;
        }
        Vma grown = v.grownTo(newStart);
        try {
            if ((v.prot() & PROT_EXEC) == 0) {
                // One engine region for the whole stack: growing page by page would leave thousands.
                cpu.unmap(v.start(), v.length());
                cpu.mapHost(newStart, grown.length(), v.prot() & 7, grown.host(newStart, grown.length()));
            } else {
                // Code may be running on an executable stack: its region must stay; the new pages get their own.
                cpu.mapHost(newStart, v.start() - newStart, v.prot() & 7, grown.host(newStart, v.start() - newStart));
            }
        } catch (CpuException e) {
            throw new IllegalStateException("engine and VMA table disagree: " + e.getMessage(), e);
        }
        drop(v);
        put(grown);
        return true;
    }

    /** The mapping containing {@code addr}, after growing a stack down to it if Linux would. */
    private Vma findOrGrow(long addr) {
        Vma v = find(addr);
        return v != null || !growStack(addr) ? v : find(addr);
    }

    private void checkMappable(long addr, long len) throws ErrnoException {
        if ((addr | len) % PAGE != 0 || len <= 0 || addr < 0 || addr + len > TASK_SIZE) {
            throw new ErrnoException(Errno.EINVAL, "map " + Long.toHexString(addr) + "+" + len);
        }
        if (!isFree(addr, len)) throw new ErrnoException(Errno.EEXIST, "map over a mapping");
    }

    /**
     * Maps {@code mem} from {@code offset} at {@code [addr, addr+len)} (page aligned and free), taking
     * over the caller's reference to it; unless {@code mayWrite}, mprotect cannot make it writable.
     * Pages past a shared file's end fault (see {@link #sharedFault}).
     */
    public void mapShared(long addr, long len, int prot, String name, SharedMemory mem, long offset, boolean mayWrite)
            throws ErrnoException {
        MemorySegment view = mem.block().asSlice(0); // a segment object of its own: its identity names this mapping
        try {
            checkMappable(addr, len);
            checkLimits(len, 0); // shared memory is not data
            charge(len);
        } catch (ErrnoException e) {
            mem.release();
            throw e;
        }
        try {
            cpu.mapHost(addr, len, prot & 7, view.asSlice(offset, len));
        } catch (CpuException e) {
            budget.release(len);
            mem.release();
            throw new ErrnoException(Errno.ENOMEM, e.getMessage());
        }
        Vma v = new Vma(addr, addr + len, prot, name, view, offset, 0);
        shared.put(view, mem); // before put(): shared memory counts as mapped, not as data
        put(v);
        if (!mayWrite) sharedNoWrite.add(view);
        mem.addUser(this);
        guardPastEnd(v, mem);
    }

    /** Maps {@code [at, at+len)} showing the shared memory that {@code v}'s mapping shows from {@code from} on. */
    private void mapSharedLike(Vma v, long from, long at, long len) throws ErrnoException {
        SharedMemory mem = shared.get(v.block());
        long offset = v.blockOffset() + (from - v.start());
        mem.cover(offset, len);
        mem.retain();
        mapShared(at, len, v.prot(), v.name(), mem, offset, !sharedNoWrite.contains(v.block()));
    }

    /** Whether {@code v} shows shared memory ({@code s} in /proc/PID/maps). */
    public boolean isShared(Vma v) {
        return shared.containsKey(v.block());
    }

    /** Makes the pages of {@code v} past its file's end inaccessible in the engine, so a touch faults. */
    private void guardPastEnd(Vma v, SharedMemory mem) {
        long end = mem.accessibleEnd();
        if (end == Long.MAX_VALUE || end - v.blockOffset() >= v.length()) return;
        long first = v.start() + Math.max(0, end - v.blockOffset());
        try {
            cpu.protect(first, v.end() - first, 0);
        } catch (CpuException e) {
            throw new IllegalStateException("engine and VMA table disagree: " + e.getMessage(), e);
        }
    }

    /** A shared file this address space maps got shorter (called from any process). */
    void sharedResized() {
        sharedResized = true;
    }

    /** Guards the pages that a shorter shared file left past its end; run by the owning process between syscalls. */
    public void applySharedResize() {
        if (!sharedResized) return;
        sharedResized = false;
        for (Vma v : vmas.values()) {
            SharedMemory mem = shared.get(v.block());
            if (mem != null) guardPastEnd(v, mem);
        }
    }

    /** What a guest fault at {@code addr} means for shared memory. */
    public enum SharedFault {
        /** Not a shared file's page: the ordinary SIGSEGV. */
        NONE,
        /** The file grew over the page: {@link #openGrownShared} it, then run the access again. */
        RETRY,
        /** The page lies wholly past the file's end: SIGBUS with BUS_ADRERR, as Linux. */
        PAST_END
    }

    /** Classifies a fault of an access needing {@code needProt} at {@code addr}. */
    public SharedFault sharedFault(long addr, int needProt) {
        Vma v = find(addr);
        SharedMemory mem = v == null ? null : shared.get(v.block());
        if (mem == null || (v.prot() & needProt) != needProt) return SharedFault.NONE;
        return v.blockOffset() + (pageDown(addr) - v.start()) >= mem.accessibleEnd() ? SharedFault.PAST_END
                : SharedFault.RETRY;
    }

    /**
     * Gives the pages of the shared file mapping at {@code addr} that its grown file now covers their
     * protection back; called with the engine stopped (Unicorn mishandles protection changed inside
     * its fault hook).
     */
    public void openGrownShared(long addr) {
        Vma v = find(addr);
        SharedMemory mem = v == null ? null : shared.get(v.block());
        if (mem == null) return;
        long end = mem.accessibleEnd();
        long last = end - v.blockOffset() >= v.length() ? v.end() : v.start() + Math.max(0, end - v.blockOffset());
        if (last == v.start()) return;
        try {
            cpu.protect(v.start(), last - v.start(), v.prot() & 7);
        } catch (CpuException e) {
            throw new IllegalStateException("engine and VMA table disagree: " + e.getMessage(), e);
        }
    }

    /** msync(2) of {@code [addr, addr+len)}: stores shared file pages into their files, with fsync when {@code sync}. */
    public void syncShared(long addr, long len, boolean sync) throws ErrnoException {
        long end = addr + len;
        for (Vma v : overlapping(addr, end)) {
            SharedMemory mem = shared.get(v.block());
            if (mem == null) continue;
            long from = Math.max(v.start(), addr), to = Math.min(v.end(), end);
            long offset = v.blockOffset() + (from - v.start());
            if (sync) {
                mem.sync(offset, to - from);
            } else {
                mem.writeBack(offset, to - from);
            }
        }
    }

    /** True when no mapping overlaps {@code [addr, addr+len)}. */
    public boolean isFree(long addr, long len) {
        Map.Entry<Long, Vma> below = vmas.lowerEntry(addr + len);
        return below == null || below.getValue().end() <= addr;
    }

    /** Unmaps whatever lies in {@code [addr, addr+len)}; holes are fine, as in Linux's munmap. */
    public void unmap(long addr, long len) throws ErrnoException {
        long end = addr + len;
        for (Vma v : overlapping(addr, end)) {
            long from = Math.max(v.start(), addr), to = Math.min(v.end(), end);
            try {
                cpu.unmap(from, to - from);
            } catch (CpuException e) {
                throw new IllegalStateException("engine and VMA table disagree: " + e.getMessage(), e);
            }
            releaseHost(v, v.blockOffset() + (from - v.start()), to - from);
            if (from == v.start() && v.growsDown()) releaseHost(v, v.blockOffset() - v.growRoom(), v.growRoom());
            if (!borrowed.contains(v.block())) budget.release(to - from);
            drop(v);
            if (v.start() < from) put(v.slice(v.start(), from));
            if (to < v.end()) put(v.slice(to, v.end()));
            if ((v.prot() & PROT_EXEC) != 0) removeCache(from, to);
        }
        dropUnusedShared();
    }

    /** Releases the shared memory no mapping of this address space shows any more. */
    private void dropUnusedShared() {
        if (shared.isEmpty()) return;
        Set<MemorySegment> used = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Vma v : vmas.values()) used.add(v.block());
        for (var it = shared.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (used.contains(e.getKey())) continue;
            MemorySegment view = e.getKey();
            SharedMemory mem = e.getValue();
            it.remove();
            sharedNoWrite.remove(view);
            if (!shared.containsValue(mem)) mem.removeUser(this);
            mem.release();
        }
    }

    /** Changes protection of {@code [addr, addr+len)}; ENOMEM when part of it is unmapped, as Linux. */
    public void protect(long addr, long len, int prot) throws ErrnoException {
        long end = addr + len;
        if (!fullyMapped(addr, end)) throw new ErrnoException(Errno.ENOMEM);
        if ((prot & PROT_WRITE) != 0) {
            for (Vma v : overlapping(addr, end)) {
                if (sharedNoWrite.contains(v.block())) throw new ErrnoException(Errno.EACCES);
            }
        }
        long becomingData = 0;
        for (Vma v : overlapping(addr, end)) {
            if ((prot & PROT_WRITE) != 0 && !v.growsDown() && !shared.containsKey(v.block()) && !isData(v)) {
                becomingData += Math.min(v.end(), end) - Math.max(v.start(), addr);
            }
        }
        if (becomingData > 0
                && Long.compareUnsigned(dataBytes + becomingData, limits.soft(Resource.RLIMIT_DATA) & -PAGE) > 0) {
            throw new ErrnoException(Errno.ENOMEM, "RLIMIT_DATA"); // mprotect_fixup's may_expand_vm
        }
        for (Vma v : overlapping(addr, end)) {
            long from = Math.max(v.start(), addr), to = Math.min(v.end(), end);
            if (v.prot() == prot) continue;
            try {
                cpu.protect(from, to - from, prot & 7);
            } catch (CpuException e) {
                throw new IllegalStateException("engine and VMA table disagree: " + e.getMessage(), e);
            }
            drop(v);
            if (v.start() < from) put(v.slice(v.start(), from));
            put(v.slice(from, to).withProt(prot));
            if (to < v.end()) put(v.slice(to, v.end()));
            SharedMemory mem = shared.get(v.block());
            if (mem != null) guardPastEnd(vmas.get(from), mem);
            if ((v.prot() & PROT_EXEC) != 0) removeCache(from, to);
        }
    }

    /**
     * mincore(2): one byte per page of {@code [addr, addr+len)}, bit 0 set when the page is resident
     * (the host's answer for the memory behind it: an untouched anonymous page is not); ENOMEM when
     * part of the range is unmapped.
     */
    public byte[] residency(long addr, long len) throws ErrnoException {
        long end = addr + len;
        if (!fullyMapped(addr, end)) throw new ErrnoException(Errno.ENOMEM);
        byte[] out = new byte[(int) (len / PAGE)];
        for (Vma v : overlapping(addr, end)) {
            long from = Math.max(v.start(), addr), to = Math.min(v.end(), end);
            byte[] part = HostMemory.residency(v.block(), v.blockOffset() + (from - v.start()), to - from);
            System.arraycopy(part, 0, out, (int) ((from - addr) / PAGE), part.length);
        }
        return out;
    }

    /**
     * The end of the mapping Linux would see at {@code addr}: jlinux keeps adjacent mappings with
     * the same protection and name as separate entries where Linux merges them into one VMA.
     * Returns -1 when {@code addr} is unmapped.
     */
    long logicalEnd(long addr) {
        Vma v = find(addr);
        if (v == null) return -1;
        long end = v.end();
        for (Vma next = vmas.get(end); next != null && next.prot() == v.prot() && next.name().equals(v.name());
                next = vmas.get(end)) {
            end = next.end();
        }
        return end;
    }

    /**
     * mremap(2) of the page-aligned {@code [addr, addr+oldLen)} to {@code newLen} bytes (mm/mremap.c):
     * shrinking unmaps the tail; growing extends in place when the pages after are free, else moves
     * when {@code mayMove}; {@code fixedAddr} (or -1) forces the new place; {@code dontUnmap} keeps
     * the old range mapped, emptied. Returns the new address.
     */
    public long remap(long addr, long oldLen, long newLen, boolean mayMove, long fixedAddr, boolean dontUnmap)
            throws ErrnoException {
        if (fixedAddr >= 0) {
            if (fixedAddr % PAGE != 0 || fixedAddr + newLen > TASK_SIZE) throw new ErrnoException(Errno.EINVAL);
            if (fixedAddr < addr + oldLen && addr < fixedAddr + newLen) throw new ErrnoException(Errno.EINVAL);
            unmap(fixedAddr, newLen);
            if (oldLen > newLen) {
                unmap(addr + newLen, oldLen - newLen);
                oldLen = newLen;
            }
            Vma v = checkResizable(addr, oldLen);
            return move(v, addr, oldLen, newLen, fixedAddr, dontUnmap);
        }
        if (oldLen >= newLen && !dontUnmap) {
            unmap(addr + newLen, oldLen - newLen);
            return addr;
        }
        Vma v = checkResizable(addr, oldLen);
        if (!dontUnmap && logicalEnd(addr) == addr + oldLen && addr + newLen <= TASK_SIZE
                && isFree(addr + oldLen, newLen - oldLen)) {
            if (shared.containsKey(v.block())) {
                mapSharedLike(v, addr + oldLen, addr + oldLen, newLen - oldLen);
            } else {
                map(addr + oldLen, newLen - oldLen, v.prot(), v.name());
            }
            return addr;
        }
        if (!mayMove) throw new ErrnoException(Errno.ENOMEM);
        return move(v, addr, oldLen, newLen, findFree(0, newLen), dontUnmap);
    }

    /** vma_to_resize: the old range must lie in one (logical) mapping. */
    private Vma checkResizable(long addr, long oldLen) throws ErrnoException {
        Vma v = find(addr);
        if (v == null || logicalEnd(addr) < addr + oldLen) throw new ErrnoException(Errno.EFAULT);
        if (oldLen == 0 && !shared.containsKey(v.block())) throw new ErrnoException(Errno.EINVAL); // only shared ones duplicate
        return v;
    }

    private long move(Vma v, long addr, long oldLen, long newLen, long to, boolean dontUnmap) throws ErrnoException {
        if (shared.containsKey(v.block())) {
            // move_vma: the new place shows the same pages; with MREMAP_DONTUNMAP the old one keeps showing them
            mapSharedLike(v, addr, to, newLen);
            if (!dontUnmap) unmap(addr, oldLen);
            return to;
        }
        map(to, newLen, v.prot(), v.name());
        Vma dst = find(to);
        long n = Math.min(oldLen, newLen);
        for (long done = 0; done < n; ) {
            Vma src = find(addr + done);
            long chunk = Math.min(n - done, src.end() - (addr + done));
            dst.host(to + done, chunk).copyFrom(src.host(addr + done, chunk));
            done += chunk;
        }
        if (dontUnmap) {
            zero(addr, oldLen);
        } else {
            unmap(addr, oldLen);
        }
        return to;
    }

    /**
     * Zeroes the pages of {@code [addr, addr+len)} that are mapped (MADV_DONTNEED on private anonymous
     * memory); shared memory keeps its data, which the next access finds again, as Linux's does.
     */
    public void zero(long addr, long len) {
        long end = addr + len;
        for (Vma v : overlapping(addr, end)) {
            if (shared.containsKey(v.block())) continue;
            long from = Math.max(v.start(), addr), to = Math.min(v.end(), end);
            HostMemory.zeroPages(v.block(), v.blockOffset() + (from - v.start()), to - from);
            if ((v.prot() & PROT_EXEC) != 0) removeCache(from, to);
        }
    }

    public boolean fullyMapped(long addr, long end) {
        long at = addr;
        while (at < end) {
            Vma v = find(at);
            if (v == null) return false;
            at = v.end();
        }
        return true;
    }

    /** The mapping containing {@code addr}, or null. */
    public Vma find(long addr) {
        Map.Entry<Long, Vma> e = vmas.floorEntry(addr);
        return e != null && e.getValue().end() > addr ? e.getValue() : null;
    }

    private List<Vma> overlapping(long addr, long end) {
        List<Vma> out = new ArrayList<>();
        Map.Entry<Long, Vma> first = vmas.floorEntry(addr);
        Long from = first != null && first.getValue().end() > addr ? first.getKey() : vmas.ceilingKey(addr);
        if (from == null) return out;
        for (Vma v : vmas.tailMap(from, true).values()) {
            if (v.start() >= end) break;
            out.add(v);
        }
        return out;
    }

    /**
     * Finds a free, page-aligned range of {@code len} bytes: at {@code hint} when it is free and
     * sane, else the highest gap below {@link #MMAP_BASE} (Linux's top-down allocator).
     */
    public long findFree(long hint, long len) throws ErrnoException {
        if (len <= 0 || len > TASK_SIZE) throw new ErrnoException(Errno.ENOMEM);
        if (hint != 0) {
            long h = pageUp(hint);
            Map.Entry<Long, Vma> next = vmas.ceilingEntry(h);
            if (h >= MMAP_MIN_ADDR && h + len <= TASK_SIZE && h + len > h && isFree(h, len)
                    && (next == null || h + len <= startGap(next.getValue()))) {
                return h;
            }
        }
        long top = MMAP_BASE;
        for (Vma v : vmas.descendingMap().values()) {
            long start = startGap(v);
            if (start >= top) {
                top = Math.min(top, start);
                continue;
            }
            if (v.end() <= top - len) return top - len;
            top = start;
        }
        if (top - len >= MMAP_MIN_ADDR) return top - len;
        throw new ErrnoException(Errno.ENOMEM);
    }

    /** Where placement must stay below {@code v}: a stack keeps its guard gap free (mm vm_start_gap). */
    private static long startGap(Vma v) {
        return v.growsDown() ? Math.max(0, v.start() - STACK_GUARD_GAP) : v.start();
    }

    /** The host memory of {@code [addr, addr+len)} inside {@code v}, ignoring protection (kernel-side fills). */
    public MemorySegment vmaSegment(Vma v, long addr, long len) {
        return v.host(addr, len);
    }

    // ---- access from Java ------------------------------------------------------------------

    /**
     * The host memory behind {@code [addr, addr+len)} if it lies in one mapping allowing
     * {@code needProt}; null when it spans mappings (callers then use {@link #read}/{@link #write}).
     */
    public MemorySegment segment(long addr, long len, int needProt) throws ErrnoException {
        Vma v = findOrGrow(addr);
        if (v == null || (v.prot() & needProt) != needProt || len < 0) throw new ErrnoException(Errno.EFAULT);
        if (addr + len <= v.end()) return v.host(addr, len);
        return null;
    }

    /**
     * Byte buffers over the accessible prefix of {@code [addr, addr+len)} (mappings allowing
     * {@code needProt}). EFAULT when even the first byte is inaccessible; a shorter total
     * means the caller gets a short count, as Linux's partial copies do.
     */
    public ByteBuffer[] buffers(long addr, long len, int needProt) throws ErrnoException {
        if (len == 0) return new ByteBuffer[] {ByteBuffer.allocate(0)};
        List<ByteBuffer> out = new ArrayList<>(1);
        long at = addr, end = addr + len;
        if (end < addr) throw new ErrnoException(Errno.EFAULT);
        while (at < end) {
            Vma v = findOrGrow(at);
            if (v == null || (v.prot() & needProt) != needProt) break;
            long to = Math.min(end, v.end());
            long n = to - at;
            while (n > 0) { // ByteBuffers hold at most 2 GiB
                int chunk = (int) Math.min(n, 1L << 30);
                out.add(v.host(at, chunk).asByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
                if ((needProt & PROT_WRITE) != 0 && (v.prot() & PROT_EXEC) != 0) removeCache(at, at + chunk);
                at += chunk;
                n -= chunk;
            }
        }
        if (out.isEmpty()) throw new ErrnoException(Errno.EFAULT);
        return out.toArray(ByteBuffer[]::new);
    }

    @Override
    public void read(long addr, byte[] dst, int off, int len) throws ErrnoException {
        copy(addr, MemorySegment.ofArray(dst).asSlice(off, len), false);
    }

    public void write(long addr, byte[] src, int off, int len) throws ErrnoException {
        copy(addr, MemorySegment.ofArray(src).asSlice(off, len), true);
    }

    public void write(long addr, byte[] src) throws ErrnoException {
        write(addr, src, 0, src.length);
    }

    public byte[] read(long addr, int len) throws ErrnoException {
        byte[] b = new byte[len];
        read(addr, b, 0, len);
        return b;
    }

    private void copy(long addr, MemorySegment heap, boolean toGuest) throws ErrnoException {
        long len = heap.byteSize(), done = 0;
        int need = toGuest ? PROT_WRITE : PROT_READ;
        if (addr + len < addr) throw new ErrnoException(Errno.EFAULT);
        while (done < len) {
            long at = addr + done;
            Vma v = findOrGrow(at);
            if (v == null || (v.prot() & need) == 0) throw new ErrnoException(Errno.EFAULT);
            long n = Math.min(len - done, v.end() - at);
            MemorySegment host = v.host(at, n);
            if (toGuest) {
                host.copyFrom(heap.asSlice(done, n));
                if ((v.prot() & PROT_EXEC) != 0) removeCache(at, at + n);
            } else {
                heap.asSlice(done, n).copyFrom(host);
            }
            done += n;
        }
    }

    /** Writes into guest memory regardless of protection (the loader filling read-only segments). */
    public void poke(long addr, byte[] src, int off, int len) throws ErrnoException {
        long done = 0;
        while (done < len) {
            Vma v = find(addr + done);
            if (v == null) throw new ErrnoException(Errno.EFAULT);
            long n = Math.min(len - done, v.end() - (addr + done));
            MemorySegment.copy(src, off + (int) done, v.host(addr + done, n), ValueLayout.JAVA_BYTE, 0, (int) n);
            done += n;
        }
    }

    public long readLong(long addr) throws ErrnoException {
        MemorySegment s = segment(addr, 8, PROT_READ);
        if (s != null) return s.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
        return ByteBuffer.wrap(read(addr, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    public int readInt(long addr) throws ErrnoException {
        MemorySegment s = segment(addr, 4, PROT_READ);
        if (s != null) return s.get(ValueLayout.JAVA_INT_UNALIGNED, 0);
        return ByteBuffer.wrap(read(addr, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    public void writeLong(long addr, long value) throws ErrnoException {
        byte[] b = new byte[8];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
        write(addr, b);
    }

    public void writeInt(long addr, int value) throws ErrnoException {
        byte[] b = new byte[4];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(value);
        write(addr, b);
    }

    @Override
    public byte[] readCString(long addr, int maxLen) throws ErrnoException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        long at = addr;
        while (out.size() < maxLen) {
            Vma v = findOrGrow(at);
            if (v == null || (v.prot() & PROT_READ) == 0) throw new ErrnoException(Errno.EFAULT);
            long n = Math.min(v.end() - at, maxLen - out.size());
            MemorySegment host = v.host(at, n);
            for (long i = 0; i < n; i++) {
                byte b = host.get(ValueLayout.JAVA_BYTE, i);
                if (b == 0) return out.toByteArray();
                out.write(b);
            }
            at += n;
        }
        throw new ErrnoException(Errno.ENAMETOOLONG);
    }

    private void removeCache(long from, long to) {
        try {
            cpu.removeCache(from, to);
        } catch (CpuException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Bytes of guest memory resident in host memory now (for ru_maxrss). */
    public long residentBytes() {
        long pages = 0;
        for (Vma v : vmas.values()) {
            for (byte b : HostMemory.residency(v.block(), v.blockOffset(), v.length())) pages += b & 1;
        }
        return pages * PAGE;
    }

    /** Gives back private memory; shared memory stays for its other mappings, a file's pages written back. */
    private void releaseHost(Vma v, long off, long len) {
        if (borrowed.contains(v.block())) return;
        SharedMemory mem = shared.get(v.block());
        if (mem == null) {
            HostMemory.release(v.block(), off, len);
            return;
        }
        try {
            mem.writeBack(off, len);
        } catch (ErrnoException e) {
            // munmap and exit do not fail on a writeback error (Linux records it for a later fsync)
        }
    }

    /**
     * fork: a copy of every private mapping in new host memory, mapped into {@code other}; shared
     * mappings map the same memory. Only pages resident in the host are copied (the rest are still zero).
     */
    public AddressSpace copyTo(Cpu other, ResourceLimits otherLimits) throws ErrnoException {
        AddressSpace c = new AddressSpace(other, otherLimits, budget);
        try {
            for (Vma v : vmas.values()) {
                SharedMemory mem = shared.get(v.block());
                if (mem != null) {
                    mem.retain();
                    c.mapShared(v.start(), v.length(), v.prot(), v.name(), mem, v.blockOffset(),
                            !sharedNoWrite.contains(v.block()));
                    continue;
                }
                c.charge(v.length()); // dup_mmap checks no rlimit: only the run's budget can refuse the copy
                c.mapCharged(v.start(), v.length(), v.prot(), v.name(), v.growRoom());
                Vma copy = c.vmas.get(v.start());
                byte[] resident = HostMemory.residency(v.block(), v.blockOffset(), v.length());
                int page = 0;
                while (page < resident.length) {
                    if ((resident[page] & 1) == 0) {
                        page++;
                        continue;
                    }
                    int run = page;
                    while (run < resident.length && (resident[run] & 1) != 0) run++;
                    long from = v.start() + page * PAGE, len = (run - page) * PAGE;
                    copy.host(from, len).copyFrom(v.host(from, len));
                    page = run;
                }
            }
        } catch (ErrnoException e) {
            c.releaseAll();
            throw e;
        }
        return c;
    }

    /**
     * vfork (clone with CLONE_VM): {@code other} maps this address space's host memory. The view
     * never frees that memory; mappings the child makes itself are its own. Shared memory the view
     * maps it holds references to, as any mapping of it.
     */
    public AddressSpace shareWith(Cpu other, ResourceLimits otherLimits) throws ErrnoException {
        AddressSpace c = new AddressSpace(other, otherLimits, budget);
        for (Vma v : vmas.values()) {
            try {
                other.mapHost(v.start(), v.length(), v.prot() & 7, v.host(v.start(), v.length()));
            } catch (CpuException e) {
                c.releaseAll();
                throw new ErrnoException(Errno.ENOMEM, e.getMessage());
            }
            c.borrowed.add(v.block());
            SharedMemory mem = shared.get(v.block());
            if (mem != null && !c.shared.containsKey(v.block())) { // the view knows its shared memory too
                mem.retain();
                c.shared.put(v.block(), mem);
                if (sharedNoWrite.contains(v.block())) c.sharedNoWrite.add(v.block());
                mem.addUser(c);
            }
            c.put(v);
            if (mem != null) c.guardPastEnd(v, mem);
        }
        return c;
    }

    /** Releases all host memory (the engine is closed separately). */
    public void releaseAll() {
        for (Vma v : vmas.values()) {
            releaseHost(v, v.blockOffset() - v.growRoom(), v.growRoom() + v.length());
            if (!borrowed.contains(v.block())) budget.release(v.length());
        }
        vmas.clear();
        mappedBytes = 0;
        dataBytes = 0;
        dropUnusedShared();
    }
}
