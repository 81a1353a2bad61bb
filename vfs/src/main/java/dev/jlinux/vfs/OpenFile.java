// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

import dev.jlinux.syscalls.Dirent;
import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Fcntl;
import dev.jlinux.syscalls.OpenFlags;
import dev.jlinux.syscalls.Stat;
import java.nio.ByteBuffer;

/**
 * An open file description (Linux's {@code struct file}): one offset and one set of status flags,
 * shared by every fd that dup(2) or fork(2) made from it. The handle is released when the last fd
 * referring to it is closed.
 */
public final class OpenFile {
    /** The status flags F_SETFL may change ({@code SETFL_MASK}, fs/fcntl.c). */
    public static final int SETFL_MASK = OpenFlags.O_APPEND | OpenFlags.O_NONBLOCK | OpenFlags.O_DIRECT
            | OpenFlags.O_NOATIME | OpenFlags.FASYNC;

    private final Location location;
    private final Location parent;
    private final String name;
    private final FileHandle handle;
    private final boolean readable;
    private final boolean writable;
    private final boolean directory;
    private int flags;
    private long position;
    private int refs;

    OpenFile(Location location, Location parent, String name, int flags, FileHandle handle, boolean directory) {
        this.location = location;
        this.parent = parent;
        this.name = name;
        this.handle = handle;
        this.directory = directory;
        boolean path = (flags & OpenFlags.O_PATH) != 0;
        int acc = flags & OpenFlags.O_ACCMODE;
        this.readable = !path && (acc == OpenFlags.O_RDONLY || acc == OpenFlags.O_RDWR);
        this.writable = !path && (acc == OpenFlags.O_WRONLY || acc == OpenFlags.O_RDWR);
        // open(2) keeps neither the creation flags nor O_CLOEXEC, and x86-64 always adds O_LARGEFILE.
        this.flags = (flags & ~(OpenFlags.O_CREAT | OpenFlags.O_EXCL | OpenFlags.O_NOCTTY | OpenFlags.O_TRUNC
                | OpenFlags.O_CLOEXEC)) | (path ? 0 : OpenFlags.O_LARGEFILE);
        if (handle != null) handle.opened(this);
    }

    /**
     * An open file outside every directory tree (a pipe, a standard stream jlinux was given):
     * {@code inode} answers its metadata, {@code name} is what /proc/PID/fd shows
     * ({@code pipe:[ino]}). Its mount is the inode's filesystem alone.
     */
    public static OpenFile anonymous(Inode inode, String name, int flags, FileHandle handle) {
        Location at = new Location(new Mount(0, inode.fileSystem(), inode, null, null, inode.fileSystem().type(), false),
                inode);
        return new OpenFile(at, null, name, flags, handle, false);
    }

    /** Whether this is an {@link #anonymous} file. */
    public boolean isAnonymous() {
        return location.mount().id() == 0;
    }

    /** What the file does, for callers that ask a particular kind of file for more (a terminal's ioctls). */
    public FileHandle handle() {
        return handle;
    }

    public Location location() {
        return location;
    }

    /** The directory the file was opened through, or null (a path ending in {@code .}, {@code ..} or {@code /}). */
    public Location parent() {
        return parent;
    }

    /** The name the file was opened by, with {@link #parent()}. */
    public String name() {
        return name;
    }

    public Inode inode() {
        return location.inode();
    }

    /** The flags F_GETFL reports. */
    public synchronized int flags() {
        return flags;
    }

    /** Implements F_SETFL: only {@link #SETFL_MASK} bits change. */
    public synchronized void setFlags(int newFlags) throws ErrnoException {
        pathCheck();
        flags = (flags & ~SETFL_MASK) | (newFlags & SETFL_MASK);
    }

    public boolean readable() {
        return readable;
    }

    public boolean writable() {
        return writable;
    }

    /**
     * Implements read(2) at the shared offset. A file without positions (a pipe) is read without
     * holding this description's lock, so a reader blocked in it stops no one else.
     */
    public int read(ByteBuffer dst) throws ErrnoException {
        checkReadable();
        if (!handle.seekable()) return handle.read(dst, 0);
        synchronized (this) {
            if (!handle.positioned()) return handle.read(dst, position);
            flushShared(position, dst.remaining());
            int n = handle.read(dst, position);
            position += n;
            return n;
        }
    }

    /** Implements pread64(2). */
    public int pread(ByteBuffer dst, long offset) throws ErrnoException {
        checkReadable();
        if (!handle.seekable()) throw new ErrnoException(Errno.ESPIPE);
        if (offset < 0) throw new ErrnoException(Errno.EINVAL);
        flushShared(offset, dst.remaining());
        return handle.read(dst, offset);
    }

    /**
     * Implements write(2) by {@code writer} at the shared offset, or at the end with O_APPEND (a
     * pipe: as {@link #read}). A write to a regular file drops the set-id bits the writer may not
     * keep ({@link #removePrivs}).
     */
    public int write(ByteBuffer src, Credentials writer) throws ErrnoException {
        checkWritable();
        if (!handle.seekable()) return handle.write(src, 0);
        if (src.hasRemaining()) removePrivs(writer);
        synchronized (this) {
            if (!handle.positioned()) return handle.write(src, position);
            int before = src.remaining();
            if ((flags & OpenFlags.O_APPEND) != 0) {
                position = handle.append(src);
                int n = before - src.remaining();
                reloadShared(position - n, n);
                return n;
            }
            int n = handle.write(src, position);
            reloadShared(position, n);
            position += n;
            return n;
        }
    }

    /** Implements pwrite64(2) by {@code writer}; with O_APPEND it appends, as Linux does. */
    public int pwrite(ByteBuffer src, long offset, Credentials writer) throws ErrnoException {
        return pwrite(src, offset, (flags() & OpenFlags.O_APPEND) != 0, writer);
    }

    /** A positioned write that appends when {@code append} whatever O_APPEND says (pwritev2's RWF_APPEND, RWF_NOAPPEND). */
    public int pwrite(ByteBuffer src, long offset, boolean append, Credentials writer) throws ErrnoException {
        checkWritable();
        if (!handle.seekable()) throw new ErrnoException(Errno.ESPIPE);
        if (offset < 0) throw new ErrnoException(Errno.EINVAL);
        if (src.hasRemaining()) removePrivs(writer);
        if (append) {
            int before = src.remaining();
            long end = handle.append(src);
            int n = before - src.remaining();
            reloadShared(end - n, n);
            return n;
        }
        int n = handle.write(src, offset);
        reloadShared(offset, n);
        return n;
    }

    /** Implements lseek(2). */
    public synchronized long lseek(long offset, int whence) throws ErrnoException {
        pathCheck();
        if (!handle.seekable()) throw new ErrnoException(Errno.ESPIPE);
        position = handle.seek(position, offset, whence);
        return position;
    }

    public synchronized long position() {
        return position;
    }

    /**
     * Implements getdents64(2)'s walk: {@code .} and {@code ..} first, then the filesystem's
     * entries from the shared offset, which advances past each entry the sink takes.
     */
    public synchronized void readdir(DirSink sink) throws ErrnoException {
        pathCheck();
        if (!directory) throw new ErrnoException(Errno.ENOTDIR);
        Inode dir = location.inode();
        Statx st = dir.getattr();
        if (st.nlink() == 0) throw new ErrnoException(Errno.ENOENT);
        if (position == 0) {
            if (!sink.accept(st.ino(), Dirent.DT_DIR, ".", 1)) return;
            position = 1;
        }
        if (position == 1) {
            if (!sink.accept(dir.parent().ino(), Dirent.DT_DIR, "..", 2)) return;
            position = 2;
        }
        dir.readdir(position, (ino, type, name, next) -> {
            if (!sink.accept(ino, type, name, next)) return false;
            position = next;
            return true;
        });
    }

    /** Implements ftruncate(2) by {@code writer}. */
    public void truncate(long size, Credentials writer) throws ErrnoException {
        pathCheck();
        if (size < 0) throw new ErrnoException(Errno.EINVAL);
        if (!writable || getattr().type() != Stat.S_IFREG) throw new ErrnoException(Errno.EINVAL);
        removePrivs(writer);
        handle.truncate(size);
        SharedPages shared = SharedPages.of(inode());
        if (shared != null) shared.resized(size);
    }

    /** Implements fallocate(2) by {@code writer} ({@code vfs_fallocate}'s checks, fs/open.c). */
    public void fallocate(int mode, long offset, long len, Credentials writer) throws ErrnoException {
        pathCheck();
        if (offset < 0 || len <= 0) throw new ErrnoException(Errno.EINVAL);
        if (!writable) throw new ErrnoException(Errno.EBADF);
        if ((mode & Fcntl.FALLOC_FL_PUNCH_HOLE) != 0 && (mode & Fcntl.FALLOC_FL_KEEP_SIZE) == 0) {
            throw new ErrnoException(Errno.EOPNOTSUPP);
        }
        int type = getattr().type();
        if (type == Stat.S_IFIFO) throw new ErrnoException(Errno.ESPIPE);
        if (type == Stat.S_IFDIR) throw new ErrnoException(Errno.EISDIR);
        if (type != Stat.S_IFREG && type != Stat.S_IFBLK) throw new ErrnoException(Errno.ENODEV);
        if (offset + len < 0) throw new ErrnoException(Errno.EFBIG);
        removePrivs(writer);
        handle.fallocate(mode, offset, len);
        SharedPages shared = SharedPages.of(inode());
        if (shared != null) {
            shared.resized(getattr().size());
            shared.written(offset, len);
        }
    }

    /**
     * Clears the set-id bits a change by {@code writer} drops ({@code file_remove_privs}, fs/inode.c:
     * {@link Permissions#privsToDrop}), with the kernel's authority, as Linux's ATTR_FORCE.
     */
    private void removePrivs(Credentials writer) throws ErrnoException {
        if (writer.fsCapable()) return;
        Statx st = getattr();
        int kill = Permissions.privsToDrop(writer, st);
        if (kill != 0) location.inode().setattr(SetAttr.mode(st.mode() & 07777 & ~kill));
    }

    /** Implements fsync(2) and fdatasync(2). */
    public void fsync(boolean dataOnly) throws ErrnoException {
        pathCheck();
        handle.fsync(dataOnly);
    }

    /** Implements ioctl(2) for the requests the file itself answers (the fd-level ones are the caller's). */
    public long ioctl(int cmd, long arg) throws ErrnoException {
        pathCheck();
        return handle.ioctl(cmd, arg);
    }

    /** Implements fstat(2) / statx(2) on the open file. */
    public Statx getattr() throws ErrnoException {
        Statx st = handle == null ? null : handle.getattr();
        return st != null ? st : location.inode().getattr();
    }

    synchronized void retain() {
        refs++;
    }

    /** Keeps the description open without an fd (a shared mapping's reference to its file, Linux's {@code vm_file}). */
    public void hold() {
        retain();
    }

    /** Drops a {@link #hold}; the last reference releases the handle. */
    public void unhold() {
        release();
    }

    /** Releases a description that no fd table holds (one the kernel opened for itself, as execve does). */
    public void discard() {
        retain();
        release();
    }

    /** Drops one fd's reference; the last one releases the handle. */
    void release() {
        boolean last;
        synchronized (this) {
            last = --refs == 0;
        }
        if (!last) return;
        FileLocks.released(this);
        if (handle != null) handle.release();
    }

    /** Stores a shared mapping's bytes of {@code [offset, offset+len)} into the file before it is read. */
    private void flushShared(long offset, long len) throws ErrnoException {
        SharedPages shared = SharedPages.of(inode());
        if (shared != null) shared.flush(offset, len);
    }

    /** Shows what a write stored at {@code [offset, offset+len)} through the file's shared mappings. */
    private void reloadShared(long offset, long len) throws ErrnoException {
        SharedPages shared = SharedPages.of(inode());
        if (shared != null && len > 0) shared.written(offset, len);
    }

    private void pathCheck() throws ErrnoException {
        if (handle == null) throw new ErrnoException(Errno.EBADF);
    }

    private void checkReadable() throws ErrnoException {
        if (!readable) throw new ErrnoException(Errno.EBADF);
    }

    private void checkWritable() throws ErrnoException {
        if (!writable) throw new ErrnoException(Errno.EBADF);
    }
}
