// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs.devfs;

import dev.jlinux.syscalls.DeviceNumbers;
import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Stat;
import dev.jlinux.vfs.DeviceDriver;
import dev.jlinux.vfs.FileHandle;
import dev.jlinux.vfs.Inode;
import dev.jlinux.vfs.Vfs;
import dev.jlinux.vfs.tmpfs.TmpFs;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.function.LongSupplier;

/**
 * /dev as Linux's devtmpfs makes it: a tmpfs holding the memory devices ({@code null}, {@code zero},
 * {@code full}, {@code random}, {@code urandom}, drivers/char/mem.c), {@code tty}, and the
 * {@code fd}, {@code stdin}, {@code stdout}, {@code stderr} symlinks into /proc/self/fd. The drivers
 * are registered with the VFS by device number, so a node made by mknod(2) elsewhere works too.
 */
public final class DevFs {
    private DevFs() {}

    /**
     * A new /dev filesystem whose drivers are registered in {@code vfs}. {@code tty} opens the
     * caller's controlling terminal; {@link #NO_TTY} says ENXIO, as Linux does without one.
     */
    public static TmpFs create(Vfs vfs, long dev, LongSupplier clockNs, DeviceDriver tty) throws ErrnoException {
        TmpFs fs = new TmpFs(dev, 0, clockNs, 0755, 0, 0);
        Inode root = fs.root();
        SecureRandom random = new SecureRandom();
        device(vfs, root, "null", DeviceNumbers.NULL_MINOR, flags -> new MemDevice(Fill.EOF, false));
        device(vfs, root, "zero", DeviceNumbers.ZERO_MINOR, flags -> new MemDevice(Fill.ZEROS, false));
        device(vfs, root, "full", DeviceNumbers.FULL_MINOR, flags -> new MemDevice(Fill.ZEROS, true));
        device(vfs, root, "random", DeviceNumbers.RANDOM_MINOR, flags -> new RandomDevice(random));
        device(vfs, root, "urandom", DeviceNumbers.URANDOM_MINOR, flags -> new RandomDevice(random));
        long ttyDev = DeviceNumbers.makedev(DeviceNumbers.TTYAUX_MAJOR, DeviceNumbers.TTY_MINOR);
        root.mknod("tty", Stat.S_IFCHR | 0666, ttyDev, 0, 0);
        vfs.registerDevice(ttyDev, tty);
        root.symlink("fd", "/proc/self/fd", 0, 0);
        root.symlink("stdin", "/proc/self/fd/0", 0, 0);
        root.symlink("stdout", "/proc/self/fd/1", 0, 0);
        root.symlink("stderr", "/proc/self/fd/2", 0, 0);
        root.mkdir("shm", Stat.S_IFDIR | 01777, 0, 0);
        return fs;
    }

    /** The {@code tty} driver of a task without a controlling terminal. */
    public static final DeviceDriver NO_TTY = flags -> {
        throw new ErrnoException(Errno.ENXIO);
    };

    private static void device(Vfs vfs, Inode root, String name, int minor, DeviceDriver driver)
            throws ErrnoException {
        long rdev = DeviceNumbers.makedev(DeviceNumbers.MEM_MAJOR, minor);
        root.mknod(name, Stat.S_IFCHR | 0666, rdev, 0, 0);
        vfs.registerDevice(rdev, driver);
    }

    private enum Fill { EOF, ZEROS }

    /**
     * A character device without a file position: reads and writes ignore the offset, and an
     * O_APPEND write is a plain write (the device has no end to append at).
     */
    private interface CharDevice extends FileHandle {
        @Override
        default long append(ByteBuffer src) throws ErrnoException {
            write(src, 0);
            return 0;
        }

        @Override
        default boolean positioned() {
            return false;
        }
    }

    /** null, zero and full: lseek always lands on 0 ({@code null_lseek}). */
    private record MemDevice(Fill fill, boolean full) implements CharDevice {
        @Override
        public int read(ByteBuffer dst, long offset) {
            if (fill == Fill.EOF) return 0;
            int n = dst.remaining();
            for (int i = 0; i < n; i++) dst.put((byte) 0);
            return n;
        }

        @Override
        public int write(ByteBuffer src, long offset) throws ErrnoException {
            if (full) throw new ErrnoException(Errno.ENOSPC);
            int n = src.remaining();
            src.position(src.limit());
            return n;
        }


        @Override
        public long seek(long position, long offset, int whence) {
            return 0;
        }
    }

    /** random and urandom: never block (Linux ≥ 5.6 once seeded); lseek leaves the position ({@code noop_llseek}). */
    private record RandomDevice(SecureRandom random) implements CharDevice {
        @Override
        public int read(ByteBuffer dst, long offset) {
            byte[] b = new byte[dst.remaining()];
            random.nextBytes(b);
            dst.put(b);
            return b.length;
        }

        @Override
        public int write(ByteBuffer src, long offset) {
            int n = src.remaining();
            src.position(src.limit());
            return n;
        }


        @Override
        public long seek(long position, long offset, int whence) {
            return position;
        }
    }
}
