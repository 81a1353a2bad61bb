// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import static dev.jlinux.syscalls.Resource.RLIMIT_NOFILE;
import static dev.jlinux.syscalls.Resource.RLIM_NLIMITS;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.translator.host.HostLimits;

/** A process's resource limits, starting from the host's own (so programs see what they would natively). */
public final class ResourceLimits {

    private final long[] cur = new long[RLIM_NLIMITS];
    private final long[] max = new long[RLIM_NLIMITS];

    public ResourceLimits() {
        for (int r = 0; r < RLIM_NLIMITS; r++) {
            long[] host = HostLimits.get(r);
            cur[r] = host[0];
            max[r] = host[1];
        }
    }

    private ResourceLimits(ResourceLimits from) {
        System.arraycopy(from.cur, 0, cur, 0, RLIM_NLIMITS);
        System.arraycopy(from.max, 0, max, 0, RLIM_NLIMITS);
    }

    /** fork: the child starts with the parent's limits. */
    public ResourceLimits copy() {
        return new ResourceLimits(this);
    }

    public long cur(int resource) throws ErrnoException {
        check(resource);
        return cur[resource];
    }

    public long max(int resource) throws ErrnoException {
        check(resource);
        return max[resource];
    }

    /** The soft limit of {@code resource}, one of the RLIMIT_* constants. */
    long soft(int resource) {
        return cur[resource];
    }

    /** setrlimit: soft ≤ hard, and raising the hard limit needs privilege (the guest's euid 0). */
    public void set(int resource, long newCur, long newMax, boolean privileged) throws ErrnoException {
        check(resource);
        if (Long.compareUnsigned(newCur, newMax) > 0) throw new ErrnoException(Errno.EINVAL);
        if (Long.compareUnsigned(newMax, max[resource]) > 0 && !privileged) throw new ErrnoException(Errno.EPERM);
        if (resource == RLIMIT_NOFILE && Long.compareUnsigned(newMax, 1L << 20) > 0) throw new ErrnoException(Errno.EPERM);
        cur[resource] = newCur;
        max[resource] = newMax;
    }

    private static void check(int resource) throws ErrnoException {
        if (resource < 0 || resource >= RLIM_NLIMITS) throw new ErrnoException(Errno.EINVAL);
    }
}
