// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import java.util.Locale;

/** Where a program runs: natively (the oracle) or under a jlinux backend (translate: v1, vm: v2). */
public enum Target {
    NATIVE,
    TRANSLATE,
    /** v2: a Linux kernel under QEMU that sees the host's files over 9P; the program runs in place. */
    VM;

    /** The name users type ({@code --modes native,translate}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The target called {@code label}; IllegalArgumentException naming the choices otherwise. */
    public static Target of(String label) {
        for (Target t : values()) {
            if (t.label().equals(label.strip())) return t;
        }
        throw new IllegalArgumentException("unknown mode '" + label + "' (choose from "
                + String.join(", ", java.util.Arrays.stream(values()).map(Target::label).toList()) + ")");
    }
}
