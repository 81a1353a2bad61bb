// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import java.util.List;

/**
 * One file of a filesystem: the SPI a filesystem implements (Linux's {@code inode_operations}).
 * The VFS walks paths, checks permissions, existence, types and flags before it calls a method, so a
 * filesystem only does the operation; names are single components (never empty, {@code .},
 * {@code ..}, nor containing {@code /}, at most NAME_MAX bytes). A default method returns what Linux
 * returns when a filesystem lacks the operation ({@code fs/namei.c}, {@code fs/xattr.c}).
 * Two Inode objects of one filesystem with the same {@link #ino()} must be equal.
 */
public interface Inode {
    FileSystem fileSystem();

    long ino();

    Statx getattr() throws ErrnoException;

    /** Applies the changes and sets ctime (Linux's {@code ->setattr}). */
    default void setattr(SetAttr attr) throws ErrnoException {
        throw new ErrnoException(Errno.EPERM);
    }

    /** The directory entry {@code name}; ENOENT when there is none. */
    default Inode lookup(String name) throws ErrnoException {
        throw new ErrnoException(Errno.ENOTDIR);
    }

    /**
     * The name this inode was looked up by, when its filesystem remembers it (hostfs does): a hint
     * that saves {@code d_path}-style name searches a directory listing, checked by the caller.
     */
    default String nameHint() {
        return null;
    }

    /** A lookup's result: the inode, and its attributes when the lookup had them anyway (else null). */
    record Found(Inode inode, Statx attr) {}

    /**
     * Like {@link #lookup} but also gives the attributes a filesystem learnt while looking (hostfs
     * stats the name to find it), which saves the walk a second trip to fetch them.
     */
    default Found lookupFound(String name) throws ErrnoException {
        return new Found(lookup(name), null);
    }

    /** This directory's parent within its filesystem; the filesystem's root returns itself. */
    default Inode parent() throws ErrnoException {
        throw new ErrnoException(Errno.ENOTDIR);
    }

    /** Creates a regular file ({@code mode} has S_IFREG and the final permission bits). */
    default Inode create(String name, int mode, int uid, int gid) throws ErrnoException {
        throw new ErrnoException(Errno.EACCES);
    }

    default Inode mkdir(String name, int mode, int uid, int gid) throws ErrnoException {
        throw new ErrnoException(Errno.EPERM);
    }

    /** Creates a FIFO, socket, or character or block device ({@code mode} has the type). */
    default Inode mknod(String name, int mode, long rdev, int uid, int gid) throws ErrnoException {
        throw new ErrnoException(Errno.EPERM);
    }

    default Inode symlink(String name, String target, int uid, int gid) throws ErrnoException {
        throw new ErrnoException(Errno.EPERM);
    }

    /** Adds entry {@code name} for {@code target}, a non-directory of this filesystem. */
    default void link(String name, Inode target) throws ErrnoException {
        throw new ErrnoException(Errno.EPERM);
    }

    /** Removes the non-directory entry {@code name}. */
    default void unlink(String name) throws ErrnoException {
        throw new ErrnoException(Errno.EPERM);
    }

    /** Removes the empty directory {@code name}; ENOTEMPTY when it has entries. */
    default void rmdir(String name) throws ErrnoException {
        throw new ErrnoException(Errno.EPERM);
    }

    /**
     * Moves entry {@code oldName} of this directory to {@code newName} of {@code newDir} (same
     * filesystem), replacing a compatible target (an empty directory for a directory: else ENOTEMPTY),
     * or swaps the two with {@code RENAME_EXCHANGE}. The VFS has checked types and existence.
     */
    default void rename(String oldName, Inode newDir, String newName, int flags) throws ErrnoException {
        throw new ErrnoException(Errno.EPERM);
    }

    /**
     * Lists the entries other than {@code .} and {@code ..} from {@code offset} on (offsets are
     * the filesystem's, at least 2, stable while the directory changes; 2 is the start).
     */
    default void readdir(long offset, DirSink sink) throws ErrnoException {
        throw new ErrnoException(Errno.ENOTDIR);
    }

    /**
     * Where following this magic link leads (Linux's {@code nd_jump_link}): the file itself, not the
     * path its text names, so a deleted file, a pipe or a stream can be reached; null to follow the text.
     */
    default Jump magicJump() throws ErrnoException {
        return null;
    }

    /**
     * A magic link's destination: a location, and for an open file's link the directory and name it
     * was opened through and the open file itself (whose handle reopens a pipe or stream); the last
     * three are null for a cwd or root link.
     */
    record Jump(Location location, Location parent, String name, OpenFile file) {}

    /** A procfs link that names an open file rather than a path (Linux's magic links: fd/N, exe, cwd, root). */
    default boolean isMagicLink() {
        return false;
    }

    default String readlink() throws ErrnoException {
        throw new ErrnoException(Errno.EINVAL);
    }

    /** ENODATA when there is no such attribute. */
    default byte[] getxattr(String name) throws ErrnoException {
        throw new ErrnoException(Errno.EOPNOTSUPP);
    }

    /** {@code flags}: XATTR_CREATE (EEXIST if present), XATTR_REPLACE (ENODATA if absent). */
    default void setxattr(String name, byte[] value, int flags) throws ErrnoException {
        throw new ErrnoException(Errno.EOPNOTSUPP);
    }

    default List<String> listxattr() throws ErrnoException {
        throw new ErrnoException(Errno.EOPNOTSUPP);
    }

    default void removexattr(String name) throws ErrnoException {
        throw new ErrnoException(Errno.EOPNOTSUPP);
    }

    /** Opens a regular file (the VFS opens directories and device nodes itself). */
    default FileHandle open(int flags) throws ErrnoException {
        throw new ErrnoException(Errno.ENXIO);
    }
}
