// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlinux.syscalls.At;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.OpenFlags;
import dev.jlinux.vfs.Caller;
import dev.jlinux.vfs.Credentials;
import dev.jlinux.vfs.FdTable;
import dev.jlinux.vfs.MountTable;
import dev.jlinux.vfs.OpenFile;
import dev.jlinux.vfs.SharedPages;
import dev.jlinux.vfs.Vfs;
import dev.jlinux.vfs.tmpfs.TmpFs;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A file's shared pages stay coherent with the file's reads, writes and truncates, without an engine. */
class SharedFileTest {
    private static final long PAGE = AddressSpace.PAGE;
    private final Vfs vfs;
    private final Caller caller;
    private long clock = 1_700_000_000_000_000_000L;

    SharedFileTest() throws ErrnoException {
        TmpFs fs = new TmpFs(0x2b, 1L << 30, () -> clock, 0777, 0, 0);
        vfs = new Vfs(new MountTable(fs, fs.type()), () -> clock);
        caller = new Caller(vfs.newContext(022), Credentials.root(), new FdTable(() -> 64));
    }

    private OpenFile open(int flags) throws ErrnoException {
        return vfs.open(caller, At.AT_FDCWD, "/f", flags, 0644);
    }

    private static String pread(OpenFile f, long offset, int len) throws ErrnoException {
        ByteBuffer b = ByteBuffer.allocate(len);
        f.pread(b, offset);
        return new String(b.array(), 0, b.position(), StandardCharsets.ISO_8859_1);
    }

    private static String bytes(MemorySegment block, long offset, int len) {
        byte[] out = new byte[len];
        MemorySegment.copy(block, ValueLayout.JAVA_BYTE, offset, out, 0, len);
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void storesReachReadsAndWritesAndTruncatesReachThePages() throws ErrnoException {
        OpenFile f = open(OpenFlags.O_CREAT | OpenFlags.O_RDWR);
        f.write(text("0123456789"), Credentials.root());
        SharedMemory pages = SharedMemory.file(f, 0, 2 * PAGE);
        MemorySegment block = pages.block();
        assertThat(bytes(block, 0, 10)).isEqualTo("0123456789");
        assertThat(pages.accessibleEnd()).isEqualTo(PAGE);

        block.set(ValueLayout.JAVA_BYTE, 0, (byte) 'X');
        assertThat(pread(f, 0, 3)).isEqualTo("X12");
        f.pwrite(text("ab"), 5, Credentials.root());
        assertThat(bytes(block, 0, 8)).isEqualTo("X1234ab7");

        f.truncate(PAGE + 1, Credentials.root());
        assertThat(pages.accessibleEnd()).isEqualTo(2 * PAGE);
        f.truncate(3, Credentials.root());
        assertThat(pages.accessibleEnd()).isEqualTo(PAGE);
        assertThat(bytes(block, 0, 6)).isEqualTo("X12\0\0\0");

        long mtime = f.getattr().mtimeNs();
        clock += 1_000_000_000L;
        pread(f, 0, 3); // flushes the unchanged pages: nothing is written
        assertThat(f.getattr().mtimeNs()).isEqualTo(mtime);

        block.set(ValueLayout.JAVA_BYTE, 1, (byte) 'Y');
        pages.release();
        assertThat(SharedPages.of(f.inode())).isNull();
        assertThat(pread(f, 0, 10)).isEqualTo("XY2");
    }

    @Test
    void secondMappingSharesThePagesAndReadOnlyOnesWriteNothingBack() throws ErrnoException {
        OpenFile rw = open(OpenFlags.O_CREAT | OpenFlags.O_RDWR);
        rw.write(text("hello"), Credentials.root());
        OpenFile ro = open(OpenFlags.O_RDONLY);
        SharedMemory first = SharedMemory.file(ro, 0, PAGE);
        SharedMemory second = SharedMemory.file(rw, 0, PAGE);
        assertThat(second).isSameAs(first);
        second.release();
        first.release();

        SharedMemory readOnly = SharedMemory.file(ro, 0, PAGE);
        readOnly.block().set(ValueLayout.JAVA_BYTE, 0, (byte) 'J');
        readOnly.release();
        assertThat(pread(rw, 0, 5)).isEqualTo("hello");
    }
}
