// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import dev.jlinux.syscalls.SigFrame;
import dev.jlinux.syscalls.Signals;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A queued signal's {@code siginfo_t} fields: sender pid/uid for kill, the address for faults,
 * the child's status for SIGCHLD (times in clock ticks), the value for sigqueue.
 */
public record SigInfo(int signo, int code, int pid, int uid, long addr, int status, long utime, long stime,
                      long value) {
    public static SigInfo kill(int signo, int code, int pid, int uid) {
        return new SigInfo(signo, code, pid, uid, 0, 0, 0, 0, 0);
    }

    public static SigInfo fault(int signo, int code, long addr) {
        return new SigInfo(signo, code, 0, 0, addr, 0, 0, 0, 0);
    }

    /** The 128-byte {@code siginfo_t} as the guest sees it. */
    public byte[] bytes() {
        ByteBuffer b = ByteBuffer.allocate(SigFrame.SIGINFO_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(SigFrame.SI_SIGNO, signo).putInt(SigFrame.SI_CODE, code);
        if (addr != 0) {
            b.putLong(SigFrame.SI_ADDR, addr);
        } else {
            b.putInt(SigFrame.SI_PID, pid).putInt(SigFrame.SI_UID, uid);
            if (signo == Signals.SIGCHLD) {
                b.putInt(SigFrame.SI_STATUS, status).putLong(SigFrame.SI_UTIME, utime).putLong(SigFrame.SI_STIME, stime);
            } else {
                b.putLong(SigFrame.SI_VALUE, value);
            }
        }
        return b.array();
    }
}
