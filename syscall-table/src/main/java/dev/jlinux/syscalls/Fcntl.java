// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/**
 * fcntl(2) commands and fd flags ({@code include/uapi/asm-generic/fcntl.h},
 * {@code include/uapi/linux/fcntl.h}), access(2) modes ({@code include/linux/fs.h} / unistd.h),
 * lseek(2) whence ({@code include/uapi/linux/fs.h}), flock(2) operations, fadvise64(2) advice
 * ({@code include/uapi/linux/fadvise.h}), fallocate(2) modes ({@code include/uapi/linux/falloc.h}),
 * close_range(2) ({@code include/uapi/linux/close_range.h}), xattr ({@code include/uapi/linux/xattr.h})
 * and preadv2(2) ({@code include/uapi/linux/fs.h}) flags.
 */
public final class Fcntl {
    private Fcntl() {}

    public static final int F_DUPFD = 0;
    public static final int F_GETFD = 1;
    public static final int F_SETFD = 2;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int F_GETLK = 5;
    public static final int F_SETLK = 6;
    public static final int F_SETLKW = 7;
    public static final int F_SETOWN = 8;
    public static final int F_GETOWN = 9;
    public static final int F_SETSIG = 10;
    public static final int F_GETSIG = 11;
    public static final int F_SETOWN_EX = 15;
    public static final int F_GETOWN_EX = 16;
    public static final int F_GETOWNER_UIDS = 17;
    public static final int F_OFD_GETLK = 36;
    public static final int F_OFD_SETLK = 37;
    public static final int F_OFD_SETLKW = 38;
    public static final int F_LINUX_SPECIFIC_BASE = 1024;
    public static final int F_SETLEASE = 1024;
    public static final int F_GETLEASE = 1025;
    public static final int F_NOTIFY = 1026;
    public static final int F_DUPFD_QUERY = 1027;
    public static final int F_CANCELLK = 1029;
    public static final int F_DUPFD_CLOEXEC = 1030;
    public static final int F_SETPIPE_SZ = 1031;
    public static final int F_GETPIPE_SZ = 1032;
    public static final int F_ADD_SEALS = 1033;
    public static final int F_GET_SEALS = 1034;
    public static final int F_GET_RW_HINT = 1035;
    public static final int F_SET_RW_HINT = 1036;
    public static final int F_GET_FILE_RW_HINT = 1037;
    public static final int F_SET_FILE_RW_HINT = 1038;

    /** The only fd flag. */
    public static final int FD_CLOEXEC = 1;

    /** {@code struct flock.l_type}. */
    public static final int F_RDLCK = 0;
    public static final int F_WRLCK = 1;
    public static final int F_UNLCK = 2;

    public static final int F_SEAL_SEAL = 0x0001;
    public static final int F_SEAL_SHRINK = 0x0002;
    public static final int F_SEAL_GROW = 0x0004;
    public static final int F_SEAL_WRITE = 0x0008;
    public static final int F_SEAL_FUTURE_WRITE = 0x0010;
    public static final int F_SEAL_EXEC = 0x0020;

    /** access(2) / faccessat(2) modes. */
    public static final int F_OK = 0;
    public static final int X_OK = 1;
    public static final int W_OK = 2;
    public static final int R_OK = 4;

    /** lseek(2) whence. */
    public static final int SEEK_SET = 0;
    public static final int SEEK_CUR = 1;
    public static final int SEEK_END = 2;
    public static final int SEEK_DATA = 3;
    public static final int SEEK_HOLE = 4;

    /** flock(2) operations. */
    public static final int LOCK_SH = 1;
    public static final int LOCK_EX = 2;
    public static final int LOCK_NB = 4;
    public static final int LOCK_UN = 8;

    /** fadvise64(2) advice (x86-64 values). */
    public static final int POSIX_FADV_NORMAL = 0;
    public static final int POSIX_FADV_RANDOM = 1;
    public static final int POSIX_FADV_SEQUENTIAL = 2;
    public static final int POSIX_FADV_WILLNEED = 3;
    public static final int POSIX_FADV_DONTNEED = 4;
    public static final int POSIX_FADV_NOREUSE = 5;

    /** fallocate(2) modes. */
    public static final int FALLOC_FL_KEEP_SIZE = 0x01;
    public static final int FALLOC_FL_PUNCH_HOLE = 0x02;
    public static final int FALLOC_FL_NO_HIDE_STALE = 0x04;
    public static final int FALLOC_FL_COLLAPSE_RANGE = 0x08;
    public static final int FALLOC_FL_ZERO_RANGE = 0x10;
    public static final int FALLOC_FL_INSERT_RANGE = 0x20;
    public static final int FALLOC_FL_UNSHARE_RANGE = 0x40;

    /** close_range(2) flags. */
    public static final int CLOSE_RANGE_UNSHARE = 1 << 1;
    public static final int CLOSE_RANGE_CLOEXEC = 1 << 2;

    /** setxattr(2) flags. */
    public static final int XATTR_CREATE = 1;
    public static final int XATTR_REPLACE = 2;

    /** preadv2(2) / pwritev2(2) flags. */
    public static final int RWF_HIPRI = 0x01;
    public static final int RWF_DSYNC = 0x02;
    public static final int RWF_SYNC = 0x04;
    public static final int RWF_NOWAIT = 0x08;
    public static final int RWF_APPEND = 0x10;
    public static final int RWF_NOAPPEND = 0x20;
    public static final int RWF_ATOMIC = 0x40;
    public static final int RWF_DONTCACHE = 0x80;
    /** RWF_SUPPORTED: every flag Linux knows; others get EOPNOTSUPP. */
    public static final int RWF_SUPPORTED = RWF_HIPRI | RWF_DSYNC | RWF_SYNC | RWF_NOWAIT | RWF_APPEND | RWF_NOAPPEND
            | RWF_ATOMIC | RWF_DONTCACHE;

    public static final NameTable CMD_NAMES = NameTable.builder("F_")
            .add(F_DUPFD, "F_DUPFD").add(F_GETFD, "F_GETFD").add(F_SETFD, "F_SETFD").add(F_GETFL, "F_GETFL")
            .add(F_SETFL, "F_SETFL").add(F_GETLK, "F_GETLK").add(F_SETLK, "F_SETLK").add(F_SETLKW, "F_SETLKW")
            .add(F_SETOWN, "F_SETOWN").add(F_GETOWN, "F_GETOWN").add(F_SETSIG, "F_SETSIG").add(F_GETSIG, "F_GETSIG")
            .add(F_SETOWN_EX, "F_SETOWN_EX").add(F_GETOWN_EX, "F_GETOWN_EX")
            .add(F_GETOWNER_UIDS, "F_GETOWNER_UIDS").add(F_OFD_GETLK, "F_OFD_GETLK")
            .add(F_OFD_SETLK, "F_OFD_SETLK").add(F_OFD_SETLKW, "F_OFD_SETLKW").add(F_SETLEASE, "F_SETLEASE")
            .add(F_GETLEASE, "F_GETLEASE").add(F_NOTIFY, "F_NOTIFY").add(F_DUPFD_QUERY, "F_DUPFD_QUERY")
            .add(F_CANCELLK, "F_CANCELLK").add(F_DUPFD_CLOEXEC, "F_DUPFD_CLOEXEC")
            .add(F_SETPIPE_SZ, "F_SETPIPE_SZ").add(F_GETPIPE_SZ, "F_GETPIPE_SZ").add(F_ADD_SEALS, "F_ADD_SEALS")
            .add(F_GET_SEALS, "F_GET_SEALS").add(F_GET_RW_HINT, "F_GET_RW_HINT").add(F_SET_RW_HINT, "F_SET_RW_HINT")
            .add(F_GET_FILE_RW_HINT, "F_GET_FILE_RW_HINT").add(F_SET_FILE_RW_HINT, "F_SET_FILE_RW_HINT")
            .build();

    public static final NameTable FD_FLAG_NAMES = NameTable.builder("FD_").add(FD_CLOEXEC, "FD_CLOEXEC").build();

    public static final NameTable LOCK_TYPE_NAMES = NameTable.builder("F_")
            .add(F_RDLCK, "F_RDLCK").add(F_WRLCK, "F_WRLCK").add(F_UNLCK, "F_UNLCK")
            .build();

    public static final NameTable SEAL_NAMES = NameTable.builder("F_SEAL_")
            .add(F_SEAL_SEAL, "F_SEAL_SEAL").add(F_SEAL_SHRINK, "F_SEAL_SHRINK").add(F_SEAL_GROW, "F_SEAL_GROW")
            .add(F_SEAL_WRITE, "F_SEAL_WRITE").add(F_SEAL_FUTURE_WRITE, "F_SEAL_FUTURE_WRITE")
            .add(F_SEAL_EXEC, "F_SEAL_EXEC")
            .build();

    public static final NameTable ACCESS_MODE_NAMES = NameTable.builder("")
            .zero("F_OK").add(R_OK, "R_OK").add(W_OK, "W_OK").add(X_OK, "X_OK")
            .build();

    public static final NameTable WHENCE_NAMES = NameTable.builder("SEEK_")
            .add(SEEK_SET, "SEEK_SET").add(SEEK_CUR, "SEEK_CUR").add(SEEK_END, "SEEK_END")
            .add(SEEK_DATA, "SEEK_DATA").add(SEEK_HOLE, "SEEK_HOLE")
            .build();

    public static final NameTable FLOCK_NAMES = NameTable.builder("LOCK_")
            .add(LOCK_SH, "LOCK_SH").add(LOCK_EX, "LOCK_EX").add(LOCK_NB, "LOCK_NB").add(LOCK_UN, "LOCK_UN")
            .build();

    public static final NameTable FADVISE_NAMES = NameTable.builder("POSIX_FADV_")
            .add(POSIX_FADV_NORMAL, "POSIX_FADV_NORMAL").add(POSIX_FADV_RANDOM, "POSIX_FADV_RANDOM")
            .add(POSIX_FADV_SEQUENTIAL, "POSIX_FADV_SEQUENTIAL").add(POSIX_FADV_WILLNEED, "POSIX_FADV_WILLNEED")
            .add(POSIX_FADV_DONTNEED, "POSIX_FADV_DONTNEED").add(POSIX_FADV_NOREUSE, "POSIX_FADV_NOREUSE")
            .build();

    public static final NameTable FALLOC_NAMES = NameTable.builder("FALLOC_FL_")
            .add(FALLOC_FL_KEEP_SIZE, "FALLOC_FL_KEEP_SIZE").add(FALLOC_FL_PUNCH_HOLE, "FALLOC_FL_PUNCH_HOLE")
            .add(FALLOC_FL_NO_HIDE_STALE, "FALLOC_FL_NO_HIDE_STALE")
            .add(FALLOC_FL_COLLAPSE_RANGE, "FALLOC_FL_COLLAPSE_RANGE")
            .add(FALLOC_FL_ZERO_RANGE, "FALLOC_FL_ZERO_RANGE").add(FALLOC_FL_INSERT_RANGE, "FALLOC_FL_INSERT_RANGE")
            .add(FALLOC_FL_UNSHARE_RANGE, "FALLOC_FL_UNSHARE_RANGE")
            .build();

    public static final NameTable CLOSE_RANGE_NAMES = NameTable.builder("CLOSE_RANGE_")
            .add(CLOSE_RANGE_UNSHARE, "CLOSE_RANGE_UNSHARE").add(CLOSE_RANGE_CLOEXEC, "CLOSE_RANGE_CLOEXEC")
            .build();

    public static final NameTable XATTR_NAMES = NameTable.builder("XATTR_")
            .add(XATTR_CREATE, "XATTR_CREATE").add(XATTR_REPLACE, "XATTR_REPLACE")
            .build();

    public static final NameTable RWF_NAMES = NameTable.builder("RWF_")
            .add(RWF_HIPRI, "RWF_HIPRI").add(RWF_DSYNC, "RWF_DSYNC").add(RWF_SYNC, "RWF_SYNC")
            .add(RWF_NOWAIT, "RWF_NOWAIT").add(RWF_APPEND, "RWF_APPEND").add(RWF_NOAPPEND, "RWF_NOAPPEND")
            .add(RWF_ATOMIC, "RWF_ATOMIC").add(RWF_DONTCACHE, "RWF_DONTCACHE")
            .build();

    /** Whether fcntl command {@code cmd} reads its third argument. */
    public static boolean takesArg(int cmd) {
        return switch (cmd) {
            case F_GETFD, F_GETFL, F_GETOWN, F_GETSIG, F_GETLEASE, F_GETPIPE_SZ, F_GET_SEALS -> false;
            default -> true;
        };
    }
}
