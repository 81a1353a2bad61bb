// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs.procfs;

import dev.jlinux.syscalls.Dirent;
import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Stat;
import dev.jlinux.vfs.DirSink;
import dev.jlinux.vfs.FileHandle;
import dev.jlinux.vfs.FileSystem;
import dev.jlinux.vfs.Inode;
import dev.jlinux.vfs.Statx;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generated files, directories and symlinks (like Linux's {@code seq_file} and pid entries): content is
 * computed when a file is opened or a directory listed. Inode numbers come from the path, so a
 * node is the same inode every time it is looked up.
 */
final class Synthetic {
    private Synthetic() {}

    @FunctionalInterface
    interface Content {
        String generate() throws ErrnoException;
    }

    @FunctionalInterface
    interface Children {
        Map<String, Node> list() throws ErrnoException;
    }

    @FunctionalInterface
    interface Target {
        String resolve() throws ErrnoException;
    }

    abstract static class Node implements Inode {
        final GeneratedFs fs;
        final String path;
        final Node parent;
        final int mode;
        private int uid;
        private int gid;

        Node(GeneratedFs fs, Node parent, String name, int mode) {
            this.fs = fs;
            this.parent = parent == null ? this : parent;
            this.path = parent == null ? "" : parent.path + "/" + name;
            this.mode = mode;
        }

        @Override
        public FileSystem fileSystem() {
            return fs;
        }

        @Override
        public long ino() {
            return path.isEmpty() ? 1 : (path.hashCode() & 0xffffffffL) + 2;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Node n && n.fs == fs && n.path.equals(path);
        }

        @Override
        public int hashCode() {
            return path.hashCode();
        }

        int nlink() {
            return 1;
        }

        /** Owned by {@code uid}/{@code gid} instead of root (a process's own entries). */
        Node owned(int newUid, int newGid) {
            uid = newUid;
            gid = newGid;
            return this;
        }

        @Override
        public Statx getattr() {
            long t = fs.bootNs;
            return new Statx(Stat.STATX_BASIC_STATS, 1024, 0, nlink(), uid, gid, mode, ino(), 0, 0, 0, t, 0, t, t, 0,
                    fs.dev());
        }
    }

    static final class Dir extends Node {
        private final Children children;

        Dir(GeneratedFs fs, Node parent, String name, int perm, Children children) {
            super(fs, parent, name, Stat.S_IFDIR | perm);
            this.children = children;
        }

        @Override
        int nlink() {
            return 2;
        }

        @Override
        public Inode lookup(String name) throws ErrnoException {
            Node n = children.list().get(name);
            if (n == null) throw new ErrnoException(Errno.ENOENT);
            return n;
        }

        @Override
        public Inode parent() {
            return parent;
        }

        @Override
        public void readdir(long offset, DirSink sink) throws ErrnoException {
            List<Node> nodes = new ArrayList<>(children.list().values());
            List<String> names = new ArrayList<>(children.list().keySet());
            for (int i = (int) Math.max(0, offset - 2); i < nodes.size(); i++) {
                if (!sink.accept(nodes.get(i).ino(), Dirent.fromMode(nodes.get(i).mode), names.get(i), i + 3)) return;
            }
        }
    }

    static final class File extends Node {
        private final Content content;

        File(GeneratedFs fs, Node parent, String name, int perm, Content content) {
            super(fs, parent, name, Stat.S_IFREG | perm);
            this.content = content;
        }

        /** The text is generated once per open, so one open reads one consistent snapshot. */
        @Override
        public FileHandle open(int flags) throws ErrnoException {
            byte[] bytes = content.generate().getBytes(StandardCharsets.UTF_8);
            return new FileHandle() {
                @Override public int read(ByteBuffer dst, long offset) {
                    if (offset >= bytes.length) return 0;
                    int n = (int) Math.min(dst.remaining(), bytes.length - offset);
                    dst.put(bytes, (int) offset, n);
                    return n;
                }

                @Override public long size() {
                    return bytes.length;
                }
            };
        }
    }

    /** Computes where a magic link leads. */
    @FunctionalInterface
    interface JumpTarget {
        Inode.Jump jump() throws ErrnoException;
    }

    static final class Link extends Node {
        private final Target target;
        private final boolean magic;
        private final JumpTarget jump;

        /** A link followed by its text; {@code magic} marks it as a magic link for openat2's RESOLVE_* checks. */
        Link(GeneratedFs fs, Node parent, String name, boolean magic, Target target) {
            this(fs, parent, name, magic, target, null);
        }

        /** A magic link: read as {@code target}, followed to {@code jump}. */
        Link(GeneratedFs fs, Node parent, String name, Target target, JumpTarget jump) {
            this(fs, parent, name, true, target, jump);
        }

        private Link(GeneratedFs fs, Node parent, String name, boolean magic, Target target, JumpTarget jump) {
            super(fs, parent, name, Stat.S_IFLNK | 0777);
            this.target = target;
            this.magic = magic;
            this.jump = jump;
        }

        @Override
        public boolean isMagicLink() {
            return magic;
        }

        @Override
        public Jump magicJump() throws ErrnoException {
            return jump == null ? null : jump.jump();
        }

        @Override
        public String readlink() throws ErrnoException {
            return target.resolve();
        }
    }

    /** An ordered name → node map builder. */
    static Map<String, Node> map() {
        return new LinkedHashMap<>();
    }
}
