// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import java.nio.charset.StandardCharsets;

/** Path arguments in guest memory, as the VFS takes them (the bytes decoded as UTF-8). */
public final class GuestPaths {
    /** Linux's PATH_MAX, including the NUL. */
    public static final int PATH_MAX = 4096;

    private GuestPaths() {}

    /** Reads a path argument: EFAULT for a bad pointer, ENAMETOOLONG past PATH_MAX. */
    public static String readPath(AddressSpace mem, long addr) throws ErrnoException {
        if (addr == 0) throw new ErrnoException(Errno.EFAULT);
        byte[] b = mem.readCString(addr, PATH_MAX);
        return new String(b, StandardCharsets.UTF_8);
    }
}
