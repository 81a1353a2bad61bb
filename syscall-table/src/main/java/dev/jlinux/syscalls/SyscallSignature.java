// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

import java.util.List;
import java.util.Objects;

/**
 * How the tracer prints one syscall: its name, one {@link ArgKind} per argument register in ABI
 * order (as many as the syscall takes), and how to print the result.
 */
public record SyscallSignature(String name, List<ArgKind> args, ReturnKind ret) {

    /** Validates and copies: a name, at most six arguments, a return kind. */
    public SyscallSignature {
        Objects.requireNonNull(name, "name");
        args = List.copyOf(args);
        Objects.requireNonNull(ret, "ret");
        if (args.size() > 6) throw new IllegalArgumentException(name + ": more than six arguments");
    }

    /** How many argument registers the syscall takes. */
    public int arity() {
        return args.size();
    }
}
