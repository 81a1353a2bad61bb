// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.cli;

import dev.jlinux.conformance.Coverage;
import dev.jlinux.syscalls.ArgKind;
import dev.jlinux.syscalls.Support;
import dev.jlinux.syscalls.SyscallNumbers;
import dev.jlinux.syscalls.SyscallSignature;
import dev.jlinux.syscalls.SyscallTable;
import dev.jlinux.translator.Translator;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jlinux explain NAME}: one syscall's story — ABI, errors, and what each backend does with it. */
@Command(name = "explain", description = "Explain a syscall: its signature and registers, its errors (from the "
        + "man-pages), how translate (v1) implements it and what differs in vm (v2), and which tests exercise it.")
final class ExplainCommand implements Callable<Integer> {
    private static final String[] REGISTERS = {"rdi", "rsi", "rdx", "r10", "r8", "r9"};
    /** Argument kinds that carry a path or an fd: in vm mode these reach jlinux's files over 9P. */
    private static final List<ArgKind> FILE_KINDS = List.of(ArgKind.Basic.PATH, ArgKind.Basic.FD, ArgKind.Basic.DIRFD);

    @Parameters(index = "0", paramLabel = "NAME", description = "The syscall's name (e.g. openat) or number.")
    String name;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        String syscall = name.matches("\\d+") ? SyscallNumbers.name(Integer.parseInt(name)) : name;
        int nr = syscall == null ? -1 : SyscallNumbers.number(syscall);
        if (nr < 0) {
            System.err.println("jlinux explain: no x86-64 syscall named " + name);
            return 2;
        }
        SyscallTable.Row<?> row = Translator.syscallTable().row(nr);
        SyscallSignature sig = row.signature();
        Optional<ManPage> man = ManPage.find(ManPage.MAN2, syscall);
        Optional<String> proto = man.flatMap(m -> m.prototype(syscall));

        out.println(syscall + " — system call " + nr + " on x86-64 Linux");
        out.println();
        proto.ifPresentOrElse(p -> out.println("  " + p + "    (" + man.get().page + ")"),
                () -> out.println("  (no prototype: the man-pages are not installed, or do not document it)"));
        out.println();
        out.println("Calling it: the number " + nr + " goes in rax, the arguments in " + String.join(", ", REGISTERS)
                + " in that order, then the syscall instruction; the result comes back in rax, -4095..-1 meaning -errno "
                + "(libc's wrapper turns that into -1 and sets errno). The instruction clobbers rcx and r11.");
        List<String> params = proto.map(ExplainCommand::parameterNames).orElse(List.of());
        out.printf("  %-4s %d (%s)%n", "rax", nr, syscall);
        if (sig != null) {
            for (int i = 0; i < sig.args().size(); i++) {
                String param = i < params.size() ? params.get(i) : "arg" + i;
                out.printf("  %-4s %-12s %s%n", REGISTERS[i], param, kind(sig.args().get(i)));
            }
            out.printf("  %-4s result, printed by --trace as %s%n", "rax", sig.ret().name().toLowerCase());
        }
        out.println();

        out.println("translate (v1): " + row.support().label()
                + (row.support().explanation().isEmpty() ? "" : " — " + row.support().explanation()));
        switch (row.support()) {
            case Support.Missing m -> out.println("  Not implemented: the dispatcher answers ENOSYS, as a kernel built "
                    + "without it would.");
            case Support.Error e -> out.println("  No handler: the dispatcher answers " + e.errno().name() + " every time.");
            default -> out.println("  Handler: " + Translator.handlerName(syscall).map(h -> h + " (translator-nt, "
                    + "package dev.jlinux.translator.handlers)").orElse("(unnamed)") + ". The Unicorn hook on the syscall "
                    + "instruction reads the registers in one batch, the table row routes the call to the handler, which "
                    + "decodes its arguments and does the work in Java; an ErrnoException becomes -errno in rax, "
                    + "written by the dispatcher alone. `jlinux run --trace` prints each call as strace does.");
        }
        out.println();
        boolean files = sig != null && sig.args().stream().anyMatch(FILE_KINDS::contains);
        out.println("vm (v2): not intercepted — the guest's real Linux kernel executes it, so it behaves exactly as "
                + "Linux does" + (files ? "; paths and files on the shared tree reach jlinux's VFS through the kernel's "
                + "9P client (v9fs), so file metadata and errors come from jlinux's 9P server." : ".")
                + " The guest agent records the call with ptrace for traces.");
        out.println();
        String tests = Coverage.committed().summary(syscall, 8);
        out.println("Exercised by: " + (tests.isEmpty() ? "no conformance case yet" : tests)
                + (tests.isEmpty() ? "" : " (conformance cases whose v1 trace calls it; each also runs natively)"));
        out.println();
        List<ManPage.Error> errors = man.map(ManPage::errors).orElse(List.of());
        if (errors.isEmpty()) {
            out.println("Errors: see the man page (manpages-dev is " + (man.isPresent() ? "installed, but lists none"
                    : "not installed") + ").");
        } else {
            out.println("Errors (from " + man.get().page + " of the Linux man-pages):");
            for (ManPage.Error e : errors) out.printf("  %-13s %s%n", e.errno(), e.description());
        }
        return 0;
    }

    /** How the tracer decodes the argument, in words. */
    private static String kind(ArgKind k) {
        return switch (k) {
            case ArgKind.Basic b -> b.name();
            case ArgKind.BufIn b -> "buffer the kernel reads, length in " + REGISTERS[b.lenArg()];
            case ArgKind.BufOut b -> "buffer the kernel writes, length in " + REGISTERS[b.lenArg()];
            case ArgKind.StructIn s -> "struct " + s.layout().name().toLowerCase() + " the kernel reads";
            case ArgKind.StructOut s -> "struct " + s.layout().name().toLowerCase() + " the kernel writes";
            case ArgKind.Iovec v -> "iovec array (" + (v.out() ? "filled by" : "read by") + " the kernel), count in "
                    + REGISTERS[v.countArg()];
            case ArgKind.PollFds p -> "pollfd array, count in " + REGISTERS[p.countArg()];
            case ArgKind.Flags f -> "flags";
            case ArgKind.Named n -> "a named constant";
            case ArgKind.Custom c -> c.what();
            case ArgKind.When w -> kind(w.kind()) + ", used only when " + REGISTERS[w.flagsArg()] + " has one of 0x"
                    + Long.toHexString(w.mask());
        };
    }

    /** The parameter names of a C prototype: the last identifier of each comma-separated parameter. */
    static List<String> parameterNames(String prototype) {
        int open = prototype.indexOf('('), close = prototype.lastIndexOf(')');
        if (open < 0 || close < open) return List.of();
        // Skip a function-pointer name like "(*name)(".
        String inner = prototype.substring(open + 1, close);
        if (inner.startsWith("*") && inner.contains(")(")) {
            inner = inner.substring(inner.indexOf(")(") + 2);
        }
        List<String> names = new ArrayList<>();
        for (String p : inner.split(",")) {
            String s = p.replaceAll("\\[.*?]", "").replaceAll("/\\*.*?\\*/", "").strip();
            if (s.equals("void") || s.equals("...") || s.isEmpty()) continue;
            String[] words = s.split("[\\s*]+");
            names.add(words[words.length - 1]);
        }
        return names;
    }
}
