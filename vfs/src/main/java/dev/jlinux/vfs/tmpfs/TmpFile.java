// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs.tmpfs;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Fcntl;
import dev.jlinux.vfs.FileHandle;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tmpfs regular file: page-sized chunks in a sorted map, so a file is sparse where nothing was
 * written (reads give zeros, SEEK_HOLE finds the gap, st_blocks counts only stored pages). An open
 * file keeps working after its last name is gone, since handles hold the node itself.
 */
final class TmpFile extends TmpNode {
    private final TreeMap<Long, byte[]> pages = new TreeMap<>();
    private long size;
    private int opens;

    TmpFile(TmpFs fs, int mode, int uid, int gid) {
        super(fs, mode, uid, gid);
    }

    @Override
    long size() {
        return size;
    }

    @Override
    long blocks() {
        return pages.size() * (long) (TmpFs.PAGE / 512);
    }

    /** The last name is gone: the pages go back to the filesystem once no open file holds them. */
    @Override
    void dropped() {
        super.dropped();
        if (opens == 0) freeAll();
    }

    private void freeAll() {
        fs.freePages(pages.size());
        pages.clear();
    }

    @Override
    void resize(long newSize) {
        if (newSize < size) {
            long firstGone = (newSize + TmpFs.PAGE - 1) / TmpFs.PAGE;
            Map<Long, byte[]> gone = pages.tailMap(firstGone, true);
            fs.freePages(gone.size());
            gone.clear();
            byte[] last = pages.get(newSize / TmpFs.PAGE);
            if (last != null) java.util.Arrays.fill(last, (int) (newSize % TmpFs.PAGE), TmpFs.PAGE, (byte) 0);
        }
        size = newSize;
        mtime = fs.now();
    }

    private int read(ByteBuffer dst, long offset) {
        synchronized (fs) {
            if (offset >= size) return 0;
            int n = (int) Math.min(dst.remaining(), size - offset);
            int done = 0;
            while (done < n) {
                long pos = offset + done;
                int in = (int) (pos % TmpFs.PAGE);
                int len = Math.min(n - done, TmpFs.PAGE - in);
                byte[] page = pages.get(pos / TmpFs.PAGE);
                if (page == null) {
                    for (int i = 0; i < len; i++) dst.put((byte) 0);
                } else {
                    dst.put(page, in, len);
                }
                done += len;
            }
            // relatime: atime moves when it is not newer than mtime/ctime.
            if (atime <= mtime || atime <= ctime) atime = fs.now();
            return n;
        }
    }

    private int write(ByteBuffer src, long offset) throws ErrnoException {
        synchronized (fs) {
            int n = src.remaining();
            if (offset + n < 0) throw new ErrnoException(Errno.EFBIG);
            int done = 0;
            while (done < n) {
                long pos = offset + done;
                int in = (int) (pos % TmpFs.PAGE);
                int len = Math.min(n - done, TmpFs.PAGE - in);
                byte[] page = page(pos / TmpFs.PAGE);
                if (page == null) break;
                src.get(page, in, len);
                done += len;
            }
            if (done == 0 && n > 0) throw new ErrnoException(Errno.ENOSPC);
            size = Math.max(size, offset + done);
            mtime = ctime = fs.now();
            return done;
        }
    }

    /** The page at {@code index}, allocated (zeroed) if absent; null when the filesystem is full. */
    private byte[] page(long index) {
        byte[] p = pages.get(index);
        if (p == null) {
            if (!fs.claimPages(1)) return null;
            p = new byte[TmpFs.PAGE];
            pages.put(index, p);
        }
        return p;
    }

    private void fallocate(int mode, long offset, long len) throws ErrnoException {
        synchronized (fs) {
            long first = offset / TmpFs.PAGE;
            long last = (offset + len - 1) / TmpFs.PAGE;
            if ((mode & Fcntl.FALLOC_FL_PUNCH_HOLE) != 0) {
                for (long i = first; i <= last; i++) {
                    long start = Math.max(offset, i * TmpFs.PAGE);
                    long end = Math.min(offset + len, (i + 1) * TmpFs.PAGE);
                    byte[] p = pages.get(i);
                    if (p == null) continue;
                    if (end - start == TmpFs.PAGE) {
                        pages.remove(i);
                        fs.freePages(1);
                    } else {
                        java.util.Arrays.fill(p, (int) (start - i * TmpFs.PAGE), (int) (end - i * TmpFs.PAGE), (byte) 0);
                    }
                }
            } else if (mode == 0 || mode == Fcntl.FALLOC_FL_KEEP_SIZE) {
                for (long i = first; i <= last; i++) {
                    if (page(i) == null) throw new ErrnoException(Errno.ENOSPC);
                }
                if (mode == 0 && offset + len > size) size = offset + len;
            } else {
                throw new ErrnoException(Errno.EOPNOTSUPP);
            }
            mtime = ctime = fs.now();
        }
    }

    /** SEEK_DATA and SEEK_HOLE at page granularity. */
    private long seekDataOrHole(long offset, int whence) throws ErrnoException {
        synchronized (fs) {
            if (offset < 0 || offset >= size) throw new ErrnoException(Errno.ENXIO);
            long index = offset / TmpFs.PAGE;
            if (whence == Fcntl.SEEK_DATA) {
                Long data = pages.ceilingKey(index);
                if (data == null || data * TmpFs.PAGE >= size) throw new ErrnoException(Errno.ENXIO);
                return Math.max(offset, data * TmpFs.PAGE);
            }
            while (pages.containsKey(index)) index++;
            return Math.min(size, Math.max(offset, index * TmpFs.PAGE));
        }
    }

    @Override
    public FileHandle open(int flags) {
        synchronized (fs) {
            opens++;
        }
        return new FileHandle() {
            @Override public int read(ByteBuffer dst, long offset) {
                return TmpFile.this.read(dst, offset);
            }

            @Override public int write(ByteBuffer src, long offset) throws ErrnoException {
                return TmpFile.this.write(src, offset);
            }

            @Override public long append(ByteBuffer src) throws ErrnoException {
                synchronized (fs) {
                    TmpFile.this.write(src, size);
                    return size;
                }
            }

            @Override public long size() {
                synchronized (fs) {
                    return size;
                }
            }

            @Override public long seek(long position, long offset, int whence) throws ErrnoException {
                if (whence == Fcntl.SEEK_DATA || whence == Fcntl.SEEK_HOLE) return seekDataOrHole(offset, whence);
                return FileHandle.super.seek(position, offset, whence);
            }

            @Override public void truncate(long newSize) {
                synchronized (fs) {
                    resize(newSize);
                    ctime = mtime;
                }
            }

            @Override public void fallocate(int mode, long offset, long len) throws ErrnoException {
                TmpFile.this.fallocate(mode, offset, len);
            }

            @Override public void fsync(boolean dataOnly) {}

            @Override public void release() {
                synchronized (fs) {
                    if (--opens == 0 && nlink == 0) freeAll();
                }
            }
        };
    }
}
