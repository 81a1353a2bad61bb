// SPDX-License-Identifier: GPL-2.0-or-later
/** Runs programs natively and under each jlinux backend and compares what they did. */
module dev.jlinux.conformance {
    requires dev.jlinux.translator;
    exports dev.jlinux.conformance;
}
