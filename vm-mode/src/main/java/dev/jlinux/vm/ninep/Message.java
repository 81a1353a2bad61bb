// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm.ninep;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The 9P2000.L messages (Linux's {@code include/net/9p/9p.h}, {@code Documentation/filesystems/9p.rst}):
 * one record per message type, each knowing its type number and its body's encoding. A frame is
 * size[4] type[1] tag[2] body, little-endian; {@link #decode} and {@link #encode} do the framing.
 */
public sealed interface Message {
    int TLERROR = 6, RLERROR = 7, TSTATFS = 8, RSTATFS = 9, TLOPEN = 12, RLOPEN = 13, TLCREATE = 14, RLCREATE = 15,
            TSYMLINK = 16, RSYMLINK = 17, TMKNOD = 18, RMKNOD = 19, TRENAME = 20, RRENAME = 21, TREADLINK = 22,
            RREADLINK = 23, TGETATTR = 24, RGETATTR = 25, TSETATTR = 26, RSETATTR = 27, TXATTRWALK = 30,
            RXATTRWALK = 31, TXATTRCREATE = 32, RXATTRCREATE = 33, TREADDIR = 40, RREADDIR = 41, TFSYNC = 50,
            RFSYNC = 51, TLOCK = 52, RLOCK = 53, TGETLOCK = 54, RGETLOCK = 55, TLINK = 70, RLINK = 71, TMKDIR = 72,
            RMKDIR = 73, TRENAMEAT = 74, RRENAMEAT = 75, TUNLINKAT = 76, RUNLINKAT = 77, TVERSION = 100,
            RVERSION = 101, TAUTH = 102, RAUTH = 103, TATTACH = 104, RATTACH = 105, TFLUSH = 108, RFLUSH = 109,
            TWALK = 110, RWALK = 111, TREAD = 116, RREAD = 117, TWRITE = 118, RWRITE = 119, TCLUNK = 120,
            RCLUNK = 121, TREMOVE = 122, RREMOVE = 123;
    /** The tag of Tversion, which belongs to no request. */
    int NOTAG = 0xffff;
    /** The fid meaning "none" (Tattach's afid). */
    int NOFID = -1;
    /** size[4] type[1] tag[2]. */
    int HEADER = 7;

    int type();

    void encode(Wire w);

    /** A message with its tag. */
    record Frame(int tag, Message message) {}

    /** Decodes one whole frame, size field included. */
    static Frame decode(ByteBuffer frame) {
        Wire w = new Wire(frame);
        w.u32();
        int type = w.u8();
        int tag = w.u16();
        Message m = switch (type) {
            case TVERSION -> new Tversion(w.u32(), w.str());
            case RVERSION -> new Rversion(w.u32(), w.str());
            case TAUTH -> new Tauth(w.u32(), w.str(), w.str(), w.u32());
            case TATTACH -> new Tattach(w.u32(), w.u32(), w.str(), w.str(), w.u32());
            case RATTACH -> new Rattach(w.qid());
            case RLERROR -> new Rlerror(w.u32());
            case TFLUSH -> new Tflush(w.u16());
            case RFLUSH -> new Rflush();
            case TWALK -> Twalk.decode(w);
            case RWALK -> Rwalk.decode(w);
            case TREAD -> new Tread(w.u32(), w.u64(), w.u32());
            case RREAD -> new Rread(w.bytes(w.u32()));
            case TWRITE -> new Twrite(w.u32(), w.u64(), w.bytes(w.u32()));
            case RWRITE -> new Rwrite(w.u32());
            case TCLUNK -> new Tclunk(w.u32());
            case RCLUNK -> new Rclunk();
            case TREMOVE -> new Tremove(w.u32());
            case RREMOVE -> new Rremove();
            case TSTATFS -> new Tstatfs(w.u32());
            case RSTATFS -> new Rstatfs(w.u32(), w.u32(), w.u64(), w.u64(), w.u64(), w.u64(), w.u64(), w.u64(), w.u32());
            case TLOPEN -> new Tlopen(w.u32(), w.u32());
            case RLOPEN -> new Rlopen(w.qid(), w.u32());
            case TLCREATE -> new Tlcreate(w.u32(), w.str(), w.u32(), w.u32(), w.u32());
            case RLCREATE -> new Rlcreate(w.qid(), w.u32());
            case TSYMLINK -> new Tsymlink(w.u32(), w.str(), w.str(), w.u32());
            case RSYMLINK -> new Rsymlink(w.qid());
            case TMKNOD -> new Tmknod(w.u32(), w.str(), w.u32(), w.u32(), w.u32(), w.u32());
            case RMKNOD -> new Rmknod(w.qid());
            case TRENAME -> new Trename(w.u32(), w.u32(), w.str());
            case RRENAME -> new Rrename();
            case TREADLINK -> new Treadlink(w.u32());
            case RREADLINK -> new Rreadlink(w.str());
            case TGETATTR -> new Tgetattr(w.u32(), w.u64());
            case RGETATTR -> new Rgetattr(w.u64(), w.qid(), w.u32(), w.u32(), w.u32(), w.u64(), w.u64(), w.u64(),
                    w.u64(), w.u64(), w.u64(), w.u64(), w.u64(), w.u64(), w.u64(), w.u64(), w.u64(), w.u64(), w.u64(),
                    w.u64());
            case TSETATTR -> new Tsetattr(w.u32(), w.u32(), w.u32(), w.u32(), w.u32(), w.u64(), w.u64(), w.u64(),
                    w.u64(), w.u64());
            case RSETATTR -> new Rsetattr();
            case TXATTRWALK -> new Txattrwalk(w.u32(), w.u32(), w.str());
            case RXATTRWALK -> new Rxattrwalk(w.u64());
            case TXATTRCREATE -> new Txattrcreate(w.u32(), w.str(), w.u64(), w.u32());
            case RXATTRCREATE -> new Rxattrcreate();
            case TREADDIR -> new Treaddir(w.u32(), w.u64(), w.u32());
            case RREADDIR -> Rreaddir.decode(w);
            // Kernels before 4.x send no datasync field.
            case TFSYNC -> new Tfsync(w.u32(), w.buf.remaining() >= 4 ? w.u32() : 0);
            case RFSYNC -> new Rfsync();
            case TLOCK -> new Tlock(w.u32(), w.u8(), w.u32(), w.u64(), w.u64(), w.u32(), w.str());
            case RLOCK -> new Rlock(w.u8());
            case TGETLOCK -> new Tgetlock(w.u32(), w.u8(), w.u64(), w.u64(), w.u32(), w.str());
            case RGETLOCK -> new Rgetlock(w.u8(), w.u64(), w.u64(), w.u32(), w.str());
            case TLINK -> new Tlink(w.u32(), w.u32(), w.str());
            case RLINK -> new Rlink();
            case TMKDIR -> new Tmkdir(w.u32(), w.str(), w.u32(), w.u32());
            case RMKDIR -> new Rmkdir(w.qid());
            case TRENAMEAT -> new Trenameat(w.u32(), w.str(), w.u32(), w.str());
            case RRENAMEAT -> new Rrenameat();
            case TUNLINKAT -> new Tunlinkat(w.u32(), w.str(), w.u32());
            case RUNLINKAT -> new Runlinkat();
            default -> new Unknown(type);
        };
        return new Frame(tag, m);
    }

    /** Encodes a whole frame into {@code out} (cleared first), flipped for reading; false when it does not fit. */
    static boolean encode(int tag, Message m, ByteBuffer out) {
        out.clear();
        Wire w = new Wire(out);
        try {
            w.u32(0).u8(m.type()).u16(tag);
            m.encode(w);
        } catch (java.nio.BufferOverflowException e) {
            return false;
        }
        out.putInt(0, out.position());
        out.flip();
        return true;
    }

    /** A message type this server does not know (answered with EOPNOTSUPP). */
    record Unknown(int type) implements Message {
        public void encode(Wire w) {}
    }

    record Tversion(int msize, String version) implements Message {
        public int type() { return TVERSION; }
        public void encode(Wire w) { w.u32(msize).str(version); }
    }

    record Rversion(int msize, String version) implements Message {
        public int type() { return RVERSION; }
        public void encode(Wire w) { w.u32(msize).str(version); }
    }

    record Tauth(int afid, String uname, String aname, int nUname) implements Message {
        public int type() { return TAUTH; }
        public void encode(Wire w) { w.u32(afid).str(uname).str(aname).u32(nUname); }
    }

    record Tattach(int fid, int afid, String uname, String aname, int nUname) implements Message {
        public int type() { return TATTACH; }
        public void encode(Wire w) { w.u32(fid).u32(afid).str(uname).str(aname).u32(nUname); }
    }

    record Rattach(Qid qid) implements Message {
        public int type() { return RATTACH; }
        public void encode(Wire w) { w.qid(qid); }
    }

    /** The error reply: a Linux errno. */
    record Rlerror(int ecode) implements Message {
        public int type() { return RLERROR; }
        public void encode(Wire w) { w.u32(ecode); }
    }

    record Tflush(int oldtag) implements Message {
        public int type() { return TFLUSH; }
        public void encode(Wire w) { w.u16(oldtag); }
    }

    record Rflush() implements Message {
        public int type() { return RFLUSH; }
        public void encode(Wire w) {}
    }

    record Twalk(int fid, int newfid, List<String> names) implements Message {
        public int type() { return TWALK; }
        public void encode(Wire w) {
            w.u32(fid).u32(newfid).u16(names.size());
            for (String n : names) w.str(n);
        }
        static Twalk decode(Wire w) {
            int fid = w.u32(), newfid = w.u32(), n = w.u16();
            List<String> names = new ArrayList<>(n);
            for (int i = 0; i < n; i++) names.add(w.str());
            return new Twalk(fid, newfid, names);
        }
    }

    record Rwalk(List<Qid> qids) implements Message {
        public int type() { return RWALK; }
        public void encode(Wire w) {
            w.u16(qids.size());
            for (Qid q : qids) w.qid(q);
        }
        static Rwalk decode(Wire w) {
            int n = w.u16();
            List<Qid> qids = new ArrayList<>(n);
            for (int i = 0; i < n; i++) qids.add(w.qid());
            return new Rwalk(qids);
        }
    }

    record Tread(int fid, long offset, int count) implements Message {
        public int type() { return TREAD; }
        public void encode(Wire w) { w.u32(fid).u64(offset).u32(count); }
    }

    record Rread(byte[] data) implements Message {
        /** size[4] type[1] tag[2] count[4]. */
        static final int OVERHEAD = HEADER + 4;
        public int type() { return RREAD; }
        public void encode(Wire w) { w.u32(data.length).bytes(data); }
    }

    record Twrite(int fid, long offset, byte[] data) implements Message {
        /** size[4] type[1] tag[2] fid[4] offset[8] count[4]. */
        static final int OVERHEAD = HEADER + 16;
        public int type() { return TWRITE; }
        public void encode(Wire w) { w.u32(fid).u64(offset).u32(data.length).bytes(data); }
    }

    record Rwrite(int count) implements Message {
        public int type() { return RWRITE; }
        public void encode(Wire w) { w.u32(count); }
    }

    record Tclunk(int fid) implements Message {
        public int type() { return TCLUNK; }
        public void encode(Wire w) { w.u32(fid); }
    }

    record Rclunk() implements Message {
        public int type() { return RCLUNK; }
        public void encode(Wire w) {}
    }

    record Tremove(int fid) implements Message {
        public int type() { return TREMOVE; }
        public void encode(Wire w) { w.u32(fid); }
    }

    record Rremove() implements Message {
        public int type() { return RREMOVE; }
        public void encode(Wire w) {}
    }

    record Tstatfs(int fid) implements Message {
        public int type() { return TSTATFS; }
        public void encode(Wire w) { w.u32(fid); }
    }

    record Rstatfs(int fsType, int bsize, long blocks, long bfree, long bavail, long files, long ffree, long fsid,
                   int namelen) implements Message {
        public int type() { return RSTATFS; }
        public void encode(Wire w) {
            w.u32(fsType).u32(bsize).u64(blocks).u64(bfree).u64(bavail).u64(files).u64(ffree).u64(fsid).u32(namelen);
        }
    }

    /** Opens the fid's file with Linux open(2) flags. */
    record Tlopen(int fid, int flags) implements Message {
        public int type() { return TLOPEN; }
        public void encode(Wire w) { w.u32(fid).u32(flags); }
    }

    record Rlopen(Qid qid, int iounit) implements Message {
        public int type() { return RLOPEN; }
        public void encode(Wire w) { w.qid(qid).u32(iounit); }
    }

    /** Creates and opens {@code name} in directory {@code fid}, which then stands for the new file. */
    record Tlcreate(int fid, String name, int flags, int mode, int gid) implements Message {
        public int type() { return TLCREATE; }
        public void encode(Wire w) { w.u32(fid).str(name).u32(flags).u32(mode).u32(gid); }
    }

    record Rlcreate(Qid qid, int iounit) implements Message {
        public int type() { return RLCREATE; }
        public void encode(Wire w) { w.qid(qid).u32(iounit); }
    }

    record Tsymlink(int fid, String name, String target, int gid) implements Message {
        public int type() { return TSYMLINK; }
        public void encode(Wire w) { w.u32(fid).str(name).str(target).u32(gid); }
    }

    record Rsymlink(Qid qid) implements Message {
        public int type() { return RSYMLINK; }
        public void encode(Wire w) { w.qid(qid); }
    }

    record Tmknod(int dfid, String name, int mode, int major, int minor, int gid) implements Message {
        public int type() { return TMKNOD; }
        public void encode(Wire w) { w.u32(dfid).str(name).u32(mode).u32(major).u32(minor).u32(gid); }
    }

    record Rmknod(Qid qid) implements Message {
        public int type() { return RMKNOD; }
        public void encode(Wire w) { w.qid(qid); }
    }

    /** Moves the file of {@code fid} to {@code name} in directory {@code dfid}. */
    record Trename(int fid, int dfid, String name) implements Message {
        public int type() { return TRENAME; }
        public void encode(Wire w) { w.u32(fid).u32(dfid).str(name); }
    }

    record Rrename() implements Message {
        public int type() { return RRENAME; }
        public void encode(Wire w) {}
    }

    record Treadlink(int fid) implements Message {
        public int type() { return TREADLINK; }
        public void encode(Wire w) { w.u32(fid); }
    }

    record Rreadlink(String target) implements Message {
        public int type() { return RREADLINK; }
        public void encode(Wire w) { w.str(target); }
    }

    record Tgetattr(int fid, long requestMask) implements Message {
        public int type() { return TGETATTR; }
        public void encode(Wire w) { w.u32(fid).u64(requestMask); }
    }

    record Rgetattr(long valid, Qid qid, int mode, int uid, int gid, long nlink, long rdev, long size, long blksize,
                    long blocks, long atimeSec, long atimeNsec, long mtimeSec, long mtimeNsec, long ctimeSec,
                    long ctimeNsec, long btimeSec, long btimeNsec, long gen, long dataVersion) implements Message {
        public int type() { return RGETATTR; }
        public void encode(Wire w) {
            w.u64(valid).qid(qid).u32(mode).u32(uid).u32(gid).u64(nlink).u64(rdev).u64(size).u64(blksize).u64(blocks)
                    .u64(atimeSec).u64(atimeNsec).u64(mtimeSec).u64(mtimeNsec).u64(ctimeSec).u64(ctimeNsec)
                    .u64(btimeSec).u64(btimeNsec).u64(gen).u64(dataVersion);
        }
    }

    /** Changes what {@code valid}'s {@code SETATTR_*} bits say. */
    record Tsetattr(int fid, int valid, int mode, int uid, int gid, long size, long atimeSec, long atimeNsec,
                    long mtimeSec, long mtimeNsec) implements Message {
        public static final int MODE = 0x1, UID = 0x2, GID = 0x4, SIZE = 0x8, ATIME = 0x10, MTIME = 0x20,
                CTIME = 0x40, ATIME_SET = 0x80, MTIME_SET = 0x100;
        public int type() { return TSETATTR; }
        public void encode(Wire w) {
            w.u32(fid).u32(valid).u32(mode).u32(uid).u32(gid).u64(size).u64(atimeSec).u64(atimeNsec).u64(mtimeSec)
                    .u64(mtimeNsec);
        }
    }

    record Rsetattr() implements Message {
        public int type() { return RSETATTR; }
        public void encode(Wire w) {}
    }

    /** Makes {@code newfid} read the value of attribute {@code name}, or the name list when it is empty. */
    record Txattrwalk(int fid, int newfid, String name) implements Message {
        public int type() { return TXATTRWALK; }
        public void encode(Wire w) { w.u32(fid).u32(newfid).str(name); }
    }

    record Rxattrwalk(long size) implements Message {
        public int type() { return RXATTRWALK; }
        public void encode(Wire w) { w.u64(size); }
    }

    /** Makes {@code fid} take the value of attribute {@code name} by Twrite; it is set at Tclunk. */
    record Txattrcreate(int fid, String name, long size, int flags) implements Message {
        public int type() { return TXATTRCREATE; }
        public void encode(Wire w) { w.u32(fid).str(name).u64(size).u32(flags); }
    }

    record Rxattrcreate() implements Message {
        public int type() { return RXATTRCREATE; }
        public void encode(Wire w) {}
    }

    record Treaddir(int fid, long offset, int count) implements Message {
        public int type() { return TREADDIR; }
        public void encode(Wire w) { w.u32(fid).u64(offset).u32(count); }
    }

    /** One directory entry: {@code offset} is where the next Treaddir resumes. */
    record Dirent(Qid qid, long offset, int dtype, String name) {
        int size() {
            return Qid.SIZE + 8 + 1 + Wire.strSize(name);
        }
    }

    record Rreaddir(List<Dirent> entries) implements Message {
        /** size[4] type[1] tag[2] count[4]. */
        static final int OVERHEAD = HEADER + 4;
        public int type() { return RREADDIR; }
        public void encode(Wire w) {
            int count = 0;
            for (Dirent d : entries) count += d.size();
            w.u32(count);
            for (Dirent d : entries) w.qid(d.qid).u64(d.offset).u8(d.dtype).str(d.name);
        }
        static Rreaddir decode(Wire w) {
            int end = w.u32() + w.buf.position();
            List<Dirent> out = new ArrayList<>();
            while (w.buf.position() < end) out.add(new Dirent(w.qid(), w.u64(), w.u8(), w.str()));
            return new Rreaddir(out);
        }
    }

    record Tfsync(int fid, int datasync) implements Message {
        public int type() { return TFSYNC; }
        public void encode(Wire w) { w.u32(fid).u32(datasync); }
    }

    record Rfsync() implements Message {
        public int type() { return RFSYNC; }
        public void encode(Wire w) {}
    }

    /** A POSIX record lock request; {@code lockType} is RDLCK 0, WRLCK 1, UNLCK 2. */
    record Tlock(int fid, int lockType, int flags, long start, long length, int procId, String clientId)
            implements Message {
        public static final int SUCCESS = 0, BLOCKED = 1, ERROR = 2, GRACE = 3;
        public int type() { return TLOCK; }
        public void encode(Wire w) { w.u32(fid).u8(lockType).u32(flags).u64(start).u64(length).u32(procId).str(clientId); }
    }

    record Rlock(int status) implements Message {
        public int type() { return RLOCK; }
        public void encode(Wire w) { w.u8(status); }
    }

    record Tgetlock(int fid, int lockType, long start, long length, int procId, String clientId) implements Message {
        public int type() { return TGETLOCK; }
        public void encode(Wire w) { w.u32(fid).u8(lockType).u64(start).u64(length).u32(procId).str(clientId); }
    }

    record Rgetlock(int lockType, long start, long length, int procId, String clientId) implements Message {
        public static final int RDLCK = 0, WRLCK = 1, UNLCK = 2;
        public int type() { return RGETLOCK; }
        public void encode(Wire w) { w.u8(lockType).u64(start).u64(length).u32(procId).str(clientId); }
    }

    /** Adds {@code name} in directory {@code dfid} for the file of {@code fid}. */
    record Tlink(int dfid, int fid, String name) implements Message {
        public int type() { return TLINK; }
        public void encode(Wire w) { w.u32(dfid).u32(fid).str(name); }
    }

    record Rlink() implements Message {
        public int type() { return RLINK; }
        public void encode(Wire w) {}
    }

    record Tmkdir(int dfid, String name, int mode, int gid) implements Message {
        public int type() { return TMKDIR; }
        public void encode(Wire w) { w.u32(dfid).str(name).u32(mode).u32(gid); }
    }

    record Rmkdir(Qid qid) implements Message {
        public int type() { return RMKDIR; }
        public void encode(Wire w) { w.qid(qid); }
    }

    record Trenameat(int oldDirFid, String oldName, int newDirFid, String newName) implements Message {
        public int type() { return TRENAMEAT; }
        public void encode(Wire w) { w.u32(oldDirFid).str(oldName).u32(newDirFid).str(newName); }
    }

    record Rrenameat() implements Message {
        public int type() { return RRENAMEAT; }
        public void encode(Wire w) {}
    }

    /** Removes {@code name} from directory {@code dirFid}; {@code flags} may hold AT_REMOVEDIR. */
    record Tunlinkat(int dirFid, String name, int flags) implements Message {
        public int type() { return TUNLINKAT; }
        public void encode(Wire w) { w.u32(dirFid).str(name).u32(flags); }
    }

    record Runlinkat() implements Message {
        public int type() { return RUNLINKAT; }
        public void encode(Wire w) {}
    }
}
