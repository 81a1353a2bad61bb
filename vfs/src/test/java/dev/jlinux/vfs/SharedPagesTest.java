// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlinux.syscalls.At;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.OpenFlags;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The VFS tells a file's registered shared pages about every read, write and size change. */
class SharedPagesTest {
    private final TestVfs t = new TestVfs();

    /** Records the calls as "flush off len", "written off len", "resized size". */
    private static final class Recorder implements SharedPages {
        final List<String> calls = new ArrayList<>();

        @Override
        public void flush(long offset, long len) {
            calls.add("flush " + offset + " " + len);
        }

        @Override
        public void written(long offset, long len) {
            calls.add("written " + offset + " " + len);
        }

        @Override
        public void resized(long size) {
            calls.add("resized " + size);
        }
    }

    @Test
    void readsFlushWritesReloadTruncatesResize() throws ErrnoException {
        OpenFile f = t.vfs.open(t.caller, At.AT_FDCWD, "/m", OpenFlags.O_CREAT | OpenFlags.O_RDWR, 0644);
        OpenFile other = t.vfs.open(t.caller, At.AT_FDCWD, "/other", OpenFlags.O_CREAT | OpenFlags.O_RDWR, 0644);
        Recorder r = new Recorder();
        assertThat(SharedPages.register(f.inode(), r)).isSameAs(r);
        try {
            f.write(ByteBuffer.wrap("hello".getBytes()), t.caller.creds());
            f.pwrite(ByteBuffer.wrap("xy".getBytes()), 10, t.caller.creds());
            f.pread(ByteBuffer.allocate(4), 1);
            f.lseek(0, 0);
            f.read(ByteBuffer.allocate(3));
            f.truncate(2, t.caller.creds());
            t.vfs.truncate(t.caller, "/m", 7);
            t.vfs.open(t.caller, At.AT_FDCWD, "/m", OpenFlags.O_RDWR | OpenFlags.O_TRUNC, 0);
            other.write(ByteBuffer.wrap("not mapped".getBytes()), t.caller.creds());
            assertThat(r.calls).containsExactly("written 0 5", "written 10 2", "flush 1 4", "flush 0 3", "resized 2",
                    "resized 7", "resized 0");
        } finally {
            SharedPages.unregister(f.inode(), r);
        }
        assertThat(SharedPages.of(f.inode())).isNull();
    }
}
