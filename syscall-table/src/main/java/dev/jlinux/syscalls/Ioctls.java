// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/**
 * ioctl(2) requests jlinux knows by name, from {@code include/uapi/asm-generic/ioctls.h} (x86-64 uses
 * the generic values), and the {@code _IOC} encoding of {@code include/uapi/asm-generic/ioctl.h}.
 */
public final class Ioctls {
    private Ioctls() {}

    public static final int TCGETS = 0x5401;
    public static final int TCSETS = 0x5402;
    public static final int TCSETSW = 0x5403;
    public static final int TCSETSF = 0x5404;
    public static final int TCSBRK = 0x5409;
    public static final int TCXONC = 0x540A;
    public static final int TCFLSH = 0x540B;
    public static final int TIOCSCTTY = 0x540E;
    public static final int TIOCGPGRP = 0x540F;
    public static final int TIOCSPGRP = 0x5410;
    public static final int TIOCOUTQ = 0x5411;
    public static final int TIOCGWINSZ = 0x5413;
    public static final int TIOCSWINSZ = 0x5414;
    public static final int FIONREAD = 0x541B;
    public static final int TIOCINQ = FIONREAD;
    public static final int FIONBIO = 0x5421;
    public static final int TIOCNOTTY = 0x5422;
    public static final int TIOCGSID = 0x5429;
    /** {@code _IOR('T', 0x30, unsigned int)}. */
    public static final int TIOCGPTN = 0x80045430;
    /** {@code _IOW('T', 0x31, int)}. */
    public static final int TIOCSPTLCK = 0x40045431;
    public static final int FIONCLEX = 0x5450;
    public static final int FIOCLEX = 0x5451;
    public static final int FIOASYNC = 0x5452;

    /** {@code _IOC} direction bits. */
    public static final int _IOC_NONE = 0;
    public static final int _IOC_WRITE = 1;
    public static final int _IOC_READ = 2;
    public static final int _IOC_NRSHIFT = 0;
    public static final int _IOC_TYPESHIFT = 8;
    public static final int _IOC_SIZESHIFT = 16;
    public static final int _IOC_DIRSHIFT = 30;

    public static final NameTable REQUEST_NAMES = NameTable.builder("")
            .add(TCGETS, "TCGETS").add(TCSETS, "TCSETS").add(TCSETSW, "TCSETSW").add(TCSETSF, "TCSETSF")
            .add(TCSBRK, "TCSBRK").add(TCXONC, "TCXONC").add(TCFLSH, "TCFLSH").add(TIOCSCTTY, "TIOCSCTTY")
            .add(TIOCGPGRP, "TIOCGPGRP").add(TIOCSPGRP, "TIOCSPGRP").add(TIOCOUTQ, "TIOCOUTQ")
            .add(TIOCGWINSZ, "TIOCGWINSZ").add(TIOCSWINSZ, "TIOCSWINSZ").add(FIONREAD, "FIONREAD")
            .add(FIONBIO, "FIONBIO").add(TIOCNOTTY, "TIOCNOTTY").add(TIOCGSID, "TIOCGSID")
            .add(TIOCGPTN & 0xffffffffL, "TIOCGPTN").add(TIOCSPTLCK, "TIOCSPTLCK").add(FIONCLEX, "FIONCLEX")
            .add(FIOCLEX, "FIOCLEX").add(FIOASYNC, "FIOASYNC")
            .build();

    private static final NameTable DIR_NAMES = NameTable.builder("_IOC_")
            .zero("_IOC_NONE").add(_IOC_READ, "_IOC_READ").add(_IOC_WRITE, "_IOC_WRITE")
            .build();

    /** A request as strace prints it: its name, or {@code _IOC(_IOC_READ, 0x78, 0x3, 0x4)}. */
    public static String formatRequest(long request) {
        long req = request & 0xffffffffL;
        String n = REQUEST_NAMES.name(req);
        if (n != null) return n;
        return "_IOC(" + DIR_NAMES.formatFlags(req >>> _IOC_DIRSHIFT) + ", "
                + NameTable.hex((req >>> _IOC_TYPESHIFT) & 0xff) + ", "
                + NameTable.hex((req >>> _IOC_NRSHIFT) & 0xff) + ", "
                + NameTable.hex((req >>> _IOC_SIZESHIFT) & 0x3fff) + ")";
    }
}
