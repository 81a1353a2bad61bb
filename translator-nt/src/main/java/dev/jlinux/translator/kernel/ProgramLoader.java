// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import dev.jlinux.elf.ElfFormatException;
import dev.jlinux.elf.ElfImage;
import dev.jlinux.elf.ElfType;
import dev.jlinux.elf.InitialStack;
import dev.jlinux.elf.LoadPlan;
import dev.jlinux.elf.LoadSegment;
import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.At;
import dev.jlinux.syscalls.Fcntl;
import dev.jlinux.syscalls.OpenFlags;
import dev.jlinux.syscalls.Resource;
import dev.jlinux.translator.cpu.CpuException;
import dev.jlinux.translator.cpu.GuestCpuid;
import dev.jlinux.translator.cpu.Reg;
import dev.jlinux.translator.cpu.X86State;
import dev.jlinux.vfs.Caller;
import dev.jlinux.vfs.OpenFile;
import dev.jlinux.vfs.Statx;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Loads an ELF executable into a fresh process the way Linux's execve does (fs/binfmt_elf.c). */
public final class ProgramLoader {
    /** Top of the initial stack: TASK_SIZE, as Linux without address-space randomisation. */
    public static final long STACK_TOP = AddressSpace.TASK_SIZE;
    /**
     * How far the new stack extends below the argument pages (fs/exec.c setup_arg_pages: 128 KiB);
     * it grows from there on faults, up to RLIMIT_STACK.
     */
    static final long STACK_EXPAND = 128L << 10;
    /** Arguments and environment may fill at most a quarter of the 8 MiB _STK_LIM (else E2BIG). */
    static final long ARG_MAX_BYTES = (8L << 20) / 4;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_FILE = 1 << 30;

    /** The guest's initial register state. */
    public record Start(long entry, long stackPointer) {}

    private ProgramLoader() {}

    /** What execve runs: the ELF image, its path as the process sees it (for /proc/PID/exe) and the final argv. */
    public record Executable(ElfImage image, String path, List<byte[]> argv) {}

    /** BINPRM_BUF_SIZE: how much of a file execve reads to recognise its format. */
    private static final int BINPRM_BUF_SIZE = 256;
    /** How many {@code #!} interpreters may chain (fs/exec.c: deeper gets ELOOP). */
    private static final int MAX_INTERPRETERS = 4;

    /**
     * Finds what execve of {@code path} (relative to {@code dirfd}; spelled {@code filename}) runs
     * for {@code p}, as Linux's binfmt handlers do: the VFS's lookup errors, EACCES (not a regular
     * file, or no search or execute permission), a {@code #!} script (fs/binfmt_script.c: the
     * interpreter gets {@code [interpreter, optional argument, filename, argv[1]...]}), else an ELF
     * executable or ENOEXEC. With {@code noFollow} a final symlink is ELOOP.
     */
    public static Executable resolve(GuestProcess p, int dirfd, String path, boolean noFollow, byte[] filename,
                                     List<byte[]> argv) throws ErrnoException {
        for (int depth = 0; ; depth++) {
            OpenFile file = openExecutable(p, dirfd, path, noFollow);
            byte[] bytes;
            String exePath;
            try {
                bytes = readAll(file);
                exePath = p.vfs().pathOf(file, p.fs().root());
            } finally {
                file.discard();
            }
            if (bytes.length >= 2 && bytes[0] == '#' && bytes[1] == '!') {
                if (depth >= MAX_INTERPRETERS) throw new ErrnoException(Errno.ELOOP);
                int end = 2;
                while (end < Math.min(bytes.length, BINPRM_BUF_SIZE) && bytes[end] != '\n') end++;
                String line = new String(bytes, 2, end - 2, StandardCharsets.UTF_8).strip();
                if (line.isEmpty()) throw new ErrnoException(Errno.ENOEXEC, "#! without an interpreter");
                int sp = 0;
                while (sp < line.length() && line.charAt(sp) != ' ' && line.charAt(sp) != '\t') sp++;
                String interpreter = line.substring(0, sp);
                String arg = line.substring(sp).strip();
                List<byte[]> next = new ArrayList<>();
                next.add(interpreter.getBytes(StandardCharsets.UTF_8));
                if (!arg.isEmpty()) next.add(arg.getBytes(StandardCharsets.UTF_8));
                next.add(filename);
                if (argv.size() > 1) next.addAll(argv.subList(1, argv.size()));
                argv = next;
                filename = interpreter.getBytes(StandardCharsets.UTF_8);
                path = interpreter;
                dirfd = At.AT_FDCWD;
                noFollow = false;
                continue;
            }
            ElfImage image;
            try {
                image = ElfImage.parse(bytes);
            } catch (ElfFormatException e) {
                throw new ErrnoException(Errno.ENOEXEC, e.getMessage());
            }
            return new Executable(image, exePath == null ? path : exePath, argv);
        }
    }

    /** Opens a file for execve: a regular file the caller may execute ({@code may_open} with MAY_EXEC). */
    private static OpenFile openExecutable(GuestProcess p, int dirfd, String path, boolean noFollow)
            throws ErrnoException {
        Caller c = p.caller();
        Statx st = p.vfs().stat(c, dirfd, path, noFollow ? At.AT_SYMLINK_NOFOLLOW : 0);
        if (st.isSymlink()) throw new ErrnoException(Errno.ELOOP);
        if (!st.isRegular()) throw new ErrnoException(Errno.EACCES);
        p.vfs().access(c, dirfd, path, Fcntl.X_OK, At.AT_EACCESS);
        if (st.size() > MAX_FILE) throw new ErrnoException(Errno.ENOEXEC, "file too large");
        return p.vfs().open(c, dirfd, path, OpenFlags.O_RDONLY, 0);
    }

    /** The whole file, read through its open file description. */
    private static byte[] readAll(OpenFile f) throws ErrnoException {
        long size = f.getattr().size();
        if (size > MAX_FILE) throw new ErrnoException(Errno.ENOEXEC, "file too large");
        ByteBuffer buf = ByteBuffer.allocate((int) size);
        while (buf.hasRemaining()) {
            int n = f.pread(buf, buf.position());
            if (n <= 0) break;
        }
        return Arrays.copyOf(buf.array(), buf.position());
    }

    /** Reads and parses the ELF interpreter {@code path}; a malformed one is ELIBBAD. */
    private static ElfImage readInterpreter(GuestProcess p, String path) throws ErrnoException {
        OpenFile file = openExecutable(p, At.AT_FDCWD, path, false);
        byte[] bytes;
        try {
            bytes = readAll(file);
        } finally {
            file.discard();
        }
        try {
            return ElfImage.parse(bytes);
        } catch (ElfFormatException e) {
            throw new ErrnoException(Errno.ELIBBAD, e.getMessage());
        }
    }

    /**
     * Maps {@code image} (and its interpreter, if it names one) into {@code p}, builds the
     * initial stack from {@code argv}, {@code envp} and {@code execfn}, and sets the registers.
     */
    public static Start load(GuestProcess p, ElfImage image, String exePath, List<byte[]> argv, List<byte[]> envp,
                             byte[] execfn) throws ErrnoException {
        AddressSpace mem = p.memory();
        LoadPlan plan = plan(image, image.type() == ElfType.DYN ? LoadPlan.defaultBias(image) : 0);
        mapSegments(mem, image, plan);
        p.setExecutable(exePath);
        p.setCommandLine(strings(argv), strings(envp));
        int slash = lastSlash(execfn);
        p.setComm(java.util.Arrays.copyOfRange(execfn, slash + 1, Math.min(execfn.length, slash + 1 + 15)));
        p.setBrkStart(plan.brkStart());

        long entry = plan.entry();
        long base = 0;
        if (image.interpreter().isPresent()) {
            ElfImage interp = readInterpreter(p, image.interpreter().get());
            if (interp.type() != ElfType.DYN || interp.interpreter().isPresent()) {
                throw new ErrnoException(Errno.ELIBBAD, "bad ELF interpreter");
            }
            LoadPlan unbiased = plan(interp, 0);
            long span = unbiased.highAddr() - unbiased.lowAddr();
            long bias = mem.findFree(0, AddressSpace.pageUp(span)) - unbiased.lowAddr();
            LoadPlan iplan = plan(interp, bias);
            mapSegments(mem, interp, iplan);
            entry = iplan.entry();
            base = bias;
        }

        int stackProt = AddressSpace.PROT_READ | AddressSpace.PROT_WRITE
                | (image.executableStack() ? AddressSpace.PROT_EXEC : 0);
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        InitialStack.AuxValues aux = new InitialStack.AuxValues(plan.phdrAddr(), image.phentsize(), image.phnum(),
                AddressSpace.PAGE, base, 0, plan.entry(),
                p.creds().uid(), p.creds().euid(), p.creds().gid(), p.creds().egid(), 0,
                GuestCpuid.hwcap(), GuestCpuid.hwcap2(), 100, "x86_64", 2048, random);
        InitialStack.Result stack = InitialStack.build(STACK_TOP, argv, envp, execfn, aux);
        if (STACK_TOP - stack.lowAddr() > ARG_MAX_BYTES) throw new ErrnoException(Errno.E2BIG);
        long argPages = STACK_TOP - AddressSpace.pageDown(stack.lowAddr());
        long rlimit = p.rlimits().cur(Resource.RLIMIT_STACK) & -AddressSpace.PAGE;
        long stackSize = Long.compareUnsigned(argPages + STACK_EXPAND, rlimit) > 0 ? Math.max(rlimit, argPages)
                : argPages + STACK_EXPAND;
        // The stack may grow down to where mmap places mappings.
        mem.mapGrowsDown(STACK_TOP - stackSize, stackSize, stackProt, "[stack]",
                STACK_TOP - stackSize - AddressSpace.MMAP_BASE);
        mem.poke(stack.lowAddr(), stack.bytes(), 0, stack.bytes().length);

        try {
            X86State.resetUserState(p.cpu());
            p.cpu().writeRegisters(new Reg[] {Reg.RSP, Reg.RIP}, new long[] {stack.stackPointer(), entry});
        } catch (CpuException e) {
            throw new IllegalStateException(e);
        }
        return new Start(entry, stack.stackPointer());
    }

    private static List<String> strings(List<byte[]> list) {
        return list.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    private static int lastSlash(byte[] path) {
        for (int i = path.length - 1; i >= 0; i--) {
            if (path[i] == '/') return i;
        }
        return -1;
    }

    private static LoadPlan plan(ElfImage image, long bias) throws ErrnoException {
        try {
            return LoadPlan.of(image, bias);
        } catch (ElfFormatException e) {
            throw new ErrnoException(Errno.ENOEXEC, e.getMessage());
        }
    }

    private static void mapSegments(AddressSpace mem, ElfImage image, LoadPlan plan) throws ErrnoException {
        byte[] file = image.bytes();
        for (LoadSegment s : plan.segments()) {
            mem.map(s.start(), s.end() - s.start(), s.prot(), "elf");
            if (s.fileBytes() > 0) mem.poke(s.start(), file, (int) s.fileOffset(), (int) s.fileBytes());
        }
    }
}
