// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm.ninep;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.vm.ninep.Message.*;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A small 9P2000.L client for the tests: one request at a time; an Rlerror becomes an ErrnoException. */
final class NinepClient {
    private final InputStream in;
    private final OutputStream out;
    private final ByteBuffer buf = ByteBuffer.allocate(NinepServer.MAX_MSIZE + 64);
    private int tag;
    private int nextFid = 1;
    int msize;

    NinepClient(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    Message rpc(Message t) throws IOException, ErrnoException {
        int myTag = t instanceof Tversion ? Message.NOTAG : (tag++ & 0x7fff);
        if (!Message.encode(myTag, t, buf)) throw new IOException("request too big");
        out.write(buf.array(), 0, buf.limit());
        out.flush();
        byte[] size = in.readNBytes(4);
        if (size.length < 4) throw new IOException("server closed");
        int n = ByteBuffer.wrap(size).order(ByteOrder.LITTLE_ENDIAN).getInt();
        byte[] frame = Arrays.copyOf(size, n);
        if (in.readNBytes(frame, 4, n - 4) != n - 4) throw new IOException("short reply");
        Frame f = Message.decode(ByteBuffer.wrap(frame));
        if (f.tag() != myTag) throw new IOException("reply tag " + f.tag() + " for " + myTag);
        if (f.message() instanceof Rlerror e) throw new ErrnoException(Errno.fromNumber(e.ecode()));
        if (f.message().type() != t.type() + 1) throw new IOException("reply " + f.message() + " to " + t);
        return f.message();
    }

    /** Tversion then Tattach as root: the root fid. */
    int attach(int msize) throws IOException, ErrnoException {
        Rversion v = (Rversion) rpc(new Tversion(msize, NinepServer.VERSION));
        this.msize = v.msize();
        int fid = nextFid++;
        rpc(new Tattach(fid, Message.NOFID, "root", "", 0));
        return fid;
    }

    /** A new fid for the file at the slash-separated {@code path} from {@code fid}; ENOENT when a name is missing. */
    int walk(int fid, String path) throws IOException, ErrnoException {
        List<String> names = path.isEmpty() ? List.of() : List.of(path.split("/"));
        int nf = nextFid++;
        Rwalk r = (Rwalk) rpc(new Twalk(fid, nf, names));
        if (r.qids().size() != names.size()) throw new ErrnoException(Errno.ENOENT);
        return nf;
    }

    int open(int fid, String path, int flags) throws IOException, ErrnoException {
        int nf = walk(fid, path);
        rpc(new Tlopen(nf, flags));
        return nf;
    }

    /** Creates {@code name} in directory {@code dir}: a fid open on the new file. */
    int create(int dir, String name, int flags, int mode) throws IOException, ErrnoException {
        int nf = walk(dir, "");
        rpc(new Tlcreate(nf, name, flags, mode, 0));
        return nf;
    }

    void write(int fid, long offset, byte[] data) throws IOException, ErrnoException {
        int chunk = msize - Twrite.OVERHEAD;
        for (int off = 0; off < data.length; ) {
            int n = Math.min(chunk, data.length - off);
            Rwrite w = (Rwrite) rpc(new Twrite(fid, offset + off, Arrays.copyOfRange(data, off, off + n)));
            off += w.count();
        }
    }

    byte[] readAll(int fid) throws IOException, ErrnoException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (true) {
            Rread r = (Rread) rpc(new Tread(fid, all.size(), msize - Rread.OVERHEAD));
            if (r.data().length == 0) return all.toByteArray();
            all.writeBytes(r.data());
        }
    }

    /** Every entry of an open directory, reading {@code count} bytes per Treaddir; {@code rounds[0]} counts them. */
    List<Message.Dirent> readdir(int fid, int count, int[] rounds) throws IOException, ErrnoException {
        List<Message.Dirent> all = new ArrayList<>();
        long offset = 0;
        while (true) {
            Rreaddir r = (Rreaddir) rpc(new Treaddir(fid, offset, count));
            rounds[0]++;
            if (r.entries().isEmpty()) return all;
            all.addAll(r.entries());
            offset = r.entries().getLast().offset();
        }
    }

    Rgetattr getattr(int fid) throws IOException, ErrnoException {
        return (Rgetattr) rpc(new Tgetattr(fid, 0x7ff));
    }

    void clunk(int fid) throws IOException, ErrnoException {
        rpc(new Tclunk(fid));
    }
}
