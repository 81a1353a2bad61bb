// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.elf;

import static dev.jlinux.syscalls.Auxv.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds the initial process stack exactly as Linux does on x86-64 with randomisation off:
 * {@code do_execveat_common}/{@code copy_strings} (fs/exec.c) for the strings and
 * {@code create_elf_tables} (fs/binfmt_elf.c) for the rest. From the top of the stack down:
 * <pre>
 *   stackTop - 8   8 zero bytes (bprm-&gt;p starts at vm_end - sizeof(void *))
 *                  execfn\0 (bprm-&gt;filename; AT_EXECFN points here)
 *                  envp strings, then below them the argv strings, each \0-terminated, so in
 *                  ascending memory: argv[0] .. argv[argc-1], envp[0] .. envp[envc-1], execfn
 *                  (padding down to 16: arch_align_stack without its random offset)
 *                  "x86_64\0" (AT_PLATFORM; omitted when the platform is null)
 *                  16 random bytes (AT_RANDOM), unaligned, directly below the platform string
 *                  (padding so that rsp is 16-aligned: STACK_ROUND)
 *                  auxv pairs, ending with AT_NULL, 0
 *                  NULL, envp[envc-1] .. envp[0]   (read upwards: envp[0] first)
 *                  NULL, argv[] pointers
 *   rsp -&gt;         argc
 * </pre>
 * The auxv order is create_elf_tables' order for x86-64: ARCH_DLINFO first (AT_SYSINFO_EHDR is
 * left out because jlinux maps no vDSO, then AT_MINSIGSTKSZ), AT_HWCAP, AT_PAGESZ, AT_CLKTCK, AT_PHDR,
 * AT_PHENT, AT_PHNUM, AT_BASE, AT_FLAGS, AT_ENTRY, AT_UID, AT_EUID, AT_GID, AT_EGID, AT_SECURE,
 * AT_RANDOM, AT_HWCAP2, AT_EXECFN, AT_PLATFORM, then any extra entries (Linux 6.3+ with CONFIG_RSEQ
 * adds AT_RSEQ_FEATURE_SIZE and AT_RSEQ_ALIGN here, see {@link #rseqAux}), then AT_NULL.
 * All words are little-endian.
 */
public final class InitialStack {
    private InitialStack() {}

    /** AT_PAGESZ on x86-64 (ELF_EXEC_PAGESIZE). */
    public static final long PAGE_SIZE = 4096;
    /** AT_CLKTCK: CLOCKS_PER_SEC = USER_HZ = 100. */
    public static final long CLOCKS_PER_SEC = 100;
    /** AT_PLATFORM on x86-64 (ELF_PLATFORM = utsname()-&gt;machine). */
    public static final String PLATFORM = "x86_64";
    /** MAX_ARG_STRLEN (fs/exec.c, include/uapi/linux/binfmts.h): longest single argument or environment string, NUL included. */
    public static final int MAX_ARG_STRLEN = 32 * 4096;
    /** ARG_MAX (include/uapi/linux/limits.h): the argument space always granted, however small the stack rlimit. */
    public static final long ARG_MAX = 131072;
    /** _STK_LIM (include/uapi/linux/resource.h): 8 MiB, the default stack rlimit. */
    public static final long STK_LIM = 8L * 1024 * 1024;

    /** The values create_elf_tables puts in the auxiliary vector. {@code platform} may be null (no AT_PLATFORM). */
    public record AuxValues(long phdr, long phent, long phnum, long pagesz, long base, long flags, long entry,
                            long uid, long euid, long gid, long egid, long secure, long hwcap, long hwcap2,
                            long clktck, String platform, long minsigstksz, byte[] random16 /* 16 bytes for AT_RANDOM */) {
        /** Checks that random16 holds exactly 16 bytes. */
        public AuxValues {
            Objects.requireNonNull(random16, "random16");
            if (random16.length != 16)
                throw new IllegalArgumentException("AT_RANDOM needs 16 bytes, got " + random16.length);
            if (platform != null && platform.indexOf('\0') >= 0)
                throw new IllegalArgumentException("platform contains NUL");
        }
    }

    /** One auxv entry. */
    public record AuxEntry(long type, long value) {
        @Override
        public String toString() {
            return name(type) + "=0x" + Long.toHexString(value);
        }
    }

    /** The stack image: write {@code bytes} at [lowAddr, lowAddr + bytes.length) = [lowAddr, stackTop); rsp = stackPointer (points at argc, 16-aligned, equal to lowAddr). */
    public record Result(long stackPointer, long lowAddr, byte[] bytes) {}

    /**
     * {@link Result} plus the addresses the kernel remembers: mm-&gt;arg_start/arg_end/env_start/env_end
     * (for /proc/pid/cmdline and environ), the strings' addresses and the saved auxv (for /proc/pid/auxv,
     * AT_NULL included).
     */
    public record Layout(long stackPointer, long lowAddr, byte[] bytes, long argStart, long argEnd, long envStart, long envEnd,
                         long execfnAddr, long platformAddr, long randomAddr, List<AuxEntry> auxv) {
        /** The part the loader needs. */
        public Result result() {
            return new Result(stackPointer, lowAddr, bytes);
        }
    }

    /**
     * The two entries Linux 6.3+ with CONFIG_RSEQ appends after AT_PLATFORM:
     * AT_RSEQ_FEATURE_SIZE = offsetof(struct rseq, end) = 28 and AT_RSEQ_ALIGN = __alignof__(struct rseq) = 32.
     * Pass them to {@link #layout} only if rseq(2) is implemented: glibc registers rseq when it sees them.
     */
    public static List<AuxEntry> rseqAux() {
        return List.of(new AuxEntry(AT_RSEQ_FEATURE_SIZE, 28), new AuxEntry(AT_RSEQ_ALIGN, 32));
    }

    /**
     * Builds the initial stack below {@code stackTop} (the end of the stack mapping; normally
     * page-aligned) with the auxv Linux would produce minus AT_SYSINFO_EHDR and the rseq entries.
     *
     * @param argv the arguments without their NULs; if empty, Linux (since 5.18) pushes one empty
     *             string so that argc is 1 and argv[0] is ""
     * @param envp the environment strings without their NULs
     * @param execfn the path given to execve (bprm-&gt;filename), without its NUL
     * @throws IllegalArgumentException if a string contains a NUL or the stack would not fit below stackTop
     */
    public static Result build(long stackTop, List<byte[]> argv, List<byte[]> envp, byte[] execfn, AuxValues aux) {
        return layout(stackTop, argv, envp, execfn, aux, List.of()).result();
    }

    /** Like {@link #build}, appending {@code extraAux} (e.g. {@link #rseqAux()}) before AT_NULL, and reporting the full {@link Layout}. */
    public static Layout layout(long stackTop, List<byte[]> argv, List<byte[]> envp, byte[] execfn, AuxValues aux,
                                List<AuxEntry> extraAux) {
        Objects.requireNonNull(aux, "aux");
        Objects.requireNonNull(execfn, "execfn");
        checkString(execfn, "execfn");
        List<byte[]> args = argv.isEmpty() ? List.of(new byte[0]) : argv;
        for (byte[] s : args) checkString(s, "argv string");
        for (byte[] s : envp) checkString(s, "envp string");
        int argc = args.size(), envc = envp.size();

        // copy_string_kernel(filename), copy_strings(envp), copy_strings(argv): each copied top-down.
        long stringBytes = execfn.length + 1L;
        for (byte[] s : envp) stringBytes += s.length + 1L;
        for (byte[] s : args) stringBytes += s.length + 1L;
        byte[] platform = aux.platform() == null ? null : aux.platform().getBytes(StandardCharsets.UTF_8);
        long fixed = 16 + (platform == null ? 0 : platform.length + 1) + 16 // alignment slack, platform, random
                + 8L * (2L * (19 + extraAux.size() + 1)) + 8L * (argc + 1 + envc + 1 + 1) + 16;
        if (stackTop < 0 || stackTop - 8 < stringBytes + fixed || 8 + stringBytes + fixed > Integer.MAX_VALUE - 64)
            throw new IllegalArgumentException("initial stack does not fit below 0x" + Long.toHexString(stackTop));

        long p = stackTop - 8;
        long execfnAddr = p -= execfn.length + 1;
        long[] envAddr = new long[envc];
        for (int i = envc - 1; i >= 0; i--) envAddr[i] = p -= envp.get(i).length + 1;
        long[] argAddr = new long[argc];
        for (int i = argc - 1; i >= 0; i--) argAddr[i] = p -= args.get(i).length + 1;
        long argStart = p;

        // create_elf_tables
        p &= ~15L; // arch_align_stack, minus the random offset
        long platformAddr = 0;
        if (platform != null) platformAddr = p -= platform.length + 1;
        long randomAddr = p -= 16;

        List<AuxEntry> auxv = new ArrayList<>(20 + extraAux.size());
        auxv.add(new AuxEntry(AT_MINSIGSTKSZ, aux.minsigstksz()));
        auxv.add(new AuxEntry(AT_HWCAP, aux.hwcap()));
        auxv.add(new AuxEntry(AT_PAGESZ, aux.pagesz()));
        auxv.add(new AuxEntry(AT_CLKTCK, aux.clktck()));
        auxv.add(new AuxEntry(AT_PHDR, aux.phdr()));
        auxv.add(new AuxEntry(AT_PHENT, aux.phent()));
        auxv.add(new AuxEntry(AT_PHNUM, aux.phnum()));
        auxv.add(new AuxEntry(AT_BASE, aux.base()));
        auxv.add(new AuxEntry(AT_FLAGS, aux.flags()));
        auxv.add(new AuxEntry(AT_ENTRY, aux.entry()));
        auxv.add(new AuxEntry(AT_UID, aux.uid()));
        auxv.add(new AuxEntry(AT_EUID, aux.euid()));
        auxv.add(new AuxEntry(AT_GID, aux.gid()));
        auxv.add(new AuxEntry(AT_EGID, aux.egid()));
        auxv.add(new AuxEntry(AT_SECURE, aux.secure()));
        auxv.add(new AuxEntry(AT_RANDOM, randomAddr));
        auxv.add(new AuxEntry(AT_HWCAP2, aux.hwcap2()));
        auxv.add(new AuxEntry(AT_EXECFN, execfnAddr));
        if (platform != null) auxv.add(new AuxEntry(AT_PLATFORM, platformAddr));
        auxv.addAll(extraAux);
        auxv.add(new AuxEntry(AT_NULL, 0));

        long eiWords = 2L * auxv.size();
        long sp = p - 8 * eiWords;                                  // STACK_ADD(p, ei_index)
        long items = (argc + 1L) + (envc + 1L) + 1;
        sp = (sp - 8 * items) & ~15L;                               // STACK_ROUND(sp, items)

        byte[] bytes = new byte[Math.toIntExact(stackTop - sp)];
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        put(bytes, execfnAddr - sp, execfn);
        for (int i = 0; i < envc; i++) put(bytes, envAddr[i] - sp, envp.get(i));
        for (int i = 0; i < argc; i++) put(bytes, argAddr[i] - sp, args.get(i));
        if (platform != null) put(bytes, platformAddr - sp, platform);
        System.arraycopy(aux.random16(), 0, bytes, (int) (randomAddr - sp), 16);

        int at = 0;
        buf.putLong(at, argc);
        at += 8;
        for (long a : argAddr) { buf.putLong(at, a); at += 8; }
        buf.putLong(at, 0); at += 8;
        for (long a : envAddr) { buf.putLong(at, a); at += 8; }
        buf.putLong(at, 0); at += 8;
        for (AuxEntry e : auxv) {
            buf.putLong(at, e.type());
            buf.putLong(at + 8, e.value());
            at += 16;
        }

        long argEnd = envc == 0 ? execfnAddr : envAddr[0];
        return new Layout(sp, sp, bytes, argStart, argEnd, argEnd, execfnAddr, execfnAddr, platformAddr, randomAddr, List.copyOf(auxv));
    }

    /**
     * Whether execve's argument copy would succeed, or fail with E2BIG, for a stack rlimit of
     * {@code stackRlimit} bytes (negative = RLIM_INFINITY). Follows {@code bprm_stack_limits} and
     * {@code copy_strings} (fs/exec.c): every string (NUL included) at most MAX_ARG_STRLEN, and all
     * strings plus one pointer per argv/envp entry within max(ARG_MAX, min(_STK_LIM / 4 * 3, rlimit / 4)).
     * Besides, the strings and the 8 bytes above them must fit in a stack mapping the rlimit allows:
     * {@code get_arg_page} grows the new stack downwards page by page, {@code acct_stack_growth}
     * (mm/mmap.c) refuses to grow it beyond the rlimit, and copy_strings turns that into E2BIG. That
     * only binds for rlimits below ARG_MAX (the first page never needs growing).
     */
    public static boolean argumentsFit(List<byte[]> argv, List<byte[]> envp, byte[] execfn, long stackRlimit) {
        long limit = STK_LIM / 4 * 3;
        if (stackRlimit >= 0) limit = Math.min(limit, stackRlimit / 4);
        limit = Math.max(limit, ARG_MAX);
        long pointers = 8L * (Math.max(argv.size(), 1) + (long) envp.size());
        if (limit <= pointers) return false;
        limit -= pointers;
        long total = 0;
        for (byte[] s : argv) {
            if (s.length + 1L > MAX_ARG_STRLEN) return false;
            total += s.length + 1L;
        }
        for (byte[] s : envp) {
            if (s.length + 1L > MAX_ARG_STRLEN) return false;
            total += s.length + 1L;
        }
        if (execfn.length + 1L > MAX_ARG_STRLEN) return false; // copy_string_kernel: strnlen(arg, MAX_ARG_STRLEN) + 1
        total += execfn.length + 1L;
        if (argv.isEmpty()) total += 1; // the "" Linux adds
        if (total > limit) return false;
        return stackRlimit < 0 || 8 + total <= Math.max(PAGE_SIZE, stackRlimit & -PAGE_SIZE);
    }

    private static void checkString(byte[] s, String what) {
        Objects.requireNonNull(s, what);
        for (byte b : s)
            if (b == 0) throw new IllegalArgumentException(what + " contains a NUL byte");
    }

    private static void put(byte[] dst, long offset, byte[] s) {
        System.arraycopy(s, 0, dst, (int) offset, s.length); // the NUL is already there: the array starts zeroed
    }
}
