// SPDX-License-Identifier: GPL-2.0-or-later
/** Runs programs natively and under each jlinux backend, compares what they did and reports it. */
module dev.jlinux.conformance {
    requires transitive dev.jlinux.translator;
    requires dev.jlinux.syscalls;
    requires dev.jlinux.vm;
    requires java.management;
    requires jdk.management;
    requires io.github.javadiffutils;
    exports dev.jlinux.conformance;
}
