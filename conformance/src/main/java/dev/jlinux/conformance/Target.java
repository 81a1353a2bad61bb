// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

/** Where a program runs: natively (the oracle) or under a jlinux backend. */
public enum Target {
    NATIVE,
    TRANSLATE
}
