// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/** poll(2) events, from {@code include/uapi/asm-generic/poll.h} (x86-64 uses the generic values). */
public final class Poll {
    private Poll() {}

    public static final int POLLIN = 0x0001;
    public static final int POLLPRI = 0x0002;
    public static final int POLLOUT = 0x0004;
    public static final int POLLERR = 0x0008;
    public static final int POLLHUP = 0x0010;
    public static final int POLLNVAL = 0x0020;
    public static final int POLLRDNORM = 0x0040;
    public static final int POLLRDBAND = 0x0080;
    public static final int POLLWRNORM = 0x0100;
    public static final int POLLWRBAND = 0x0200;
    public static final int POLLMSG = 0x0400;
    public static final int POLLREMOVE = 0x1000;
    public static final int POLLRDHUP = 0x2000;
    /** Kernel-internal; strace names the bit. */
    public static final int POLLFREE = 0x4000;
    public static final int POLL_BUSY_LOOP = 0x8000;

    /** The events that make select(2) report a descriptor readable, writable, exceptional (fs/select.c). */
    public static final int POLLIN_SET = POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR;
    public static final int POLLOUT_SET = POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR;
    public static final int POLLEX_SET = POLLPRI;

    /** {@code sizeof(struct pollfd)}: int fd, short events, short revents. */
    public static final int POLLFD_SIZE = 8;

    public static final NameTable EVENT_NAMES = NameTable.builder("POLL")
            .add(POLLIN, "POLLIN").add(POLLPRI, "POLLPRI").add(POLLOUT, "POLLOUT").add(POLLERR, "POLLERR")
            .add(POLLHUP, "POLLHUP").add(POLLNVAL, "POLLNVAL").add(POLLRDNORM, "POLLRDNORM")
            .add(POLLRDBAND, "POLLRDBAND").add(POLLWRNORM, "POLLWRNORM").add(POLLWRBAND, "POLLWRBAND")
            .add(POLLMSG, "POLLMSG").add(POLLREMOVE, "POLLREMOVE").add(POLLRDHUP, "POLLRDHUP")
            .add(POLLFREE, "POLLFREE").add(POLL_BUSY_LOOP, "POLL_BUSY_LOOP")
            .build();
}
