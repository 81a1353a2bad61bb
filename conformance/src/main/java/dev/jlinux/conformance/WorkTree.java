// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A directory a program runs in: copied fresh for each target, so every target starts from the
 * identical tree, then snapshotted to show what the program created, changed and removed.
 */
public final class WorkTree {
    private WorkTree() {}

    /** One entry of a snapshot: file type, size, permission bits and a content hash (link target for symlinks). */
    public record Entry(char type, long size, int mode, String content) {
        String describe() {
            return switch (type) {
                case 'd' -> "directory, mode " + Integer.toOctalString(mode);
                case 'l' -> "symlink -> " + content;
                case 'f' -> size + " bytes, mode " + Integer.toOctalString(mode);
                default -> "special file, mode " + Integer.toOctalString(mode);
            };
        }
    }

    /** What a run did to one path. */
    public record Effect(Kind kind, String path, String detail) {
        public enum Kind { CREATED, CHANGED, REMOVED }

        @Override
        public String toString() {
            return switch (kind) {
                case CREATED -> "+ " + path + " (" + detail + ")";
                case CHANGED -> "~ " + path + " (" + detail + ")";
                case REMOVED -> "- " + path;
            };
        }
    }

    /** Copies the tree {@code from} to the new directory {@code to} (symlinks as symlinks, modes and mtimes kept). */
    public static void copy(Path from, Path to) {
        try {
            Files.createDirectory(to);
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Path target = to.resolve(from.relativize(dir).toString());
                    if (!dir.equals(from)) Files.copy(dir, target, StandardCopyOption.COPY_ATTRIBUTES);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                            LinkOption.NOFOLLOW_LINKS);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) throw e;
                    Path target = to.resolve(from.relativize(dir).toString());
                    Files.setLastModifiedTime(target, Files.getLastModifiedTime(dir));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts the regular files and bytes under {@code dir}, stopping once either passes its limit. */
    public static long[] measure(Path dir, long maxFiles, long maxBytes) {
        long[] n = new long[2];
        try (var walk = Files.walk(dir)) {
            walk.takeWhile(p -> n[0] <= maxFiles && n[1] <= maxBytes).forEach(p -> {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    n[0]++;
                    try {
                        n[1] += Files.size(p);
                    } catch (IOException ignored) {
                        // vanished while walking
                    }
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // unreadable parts count as nothing
        }
        return n;
    }

    /** Every path under {@code dir} (relative, sorted) with its type, size, mode and content hash. */
    public static Map<String, Entry> snapshot(Path dir) {
        Map<String, Entry> all = new TreeMap<>();
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                if (p.equals(dir)) continue;
                all.put(dir.relativize(p).toString(), entry(p));
            }
        } catch (IOException | UncheckedIOException e) {
            // a tree the program made unreadable shows as far as it could be read
        }
        return all;
    }

    private static Entry entry(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            int mode = a.isSymbolicLink() ? 0777 : mode(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
            if (a.isSymbolicLink()) return new Entry('l', 0, mode, Files.readSymbolicLink(p).toString());
            if (a.isDirectory()) return new Entry('d', 0, mode, "");
            if (a.isRegularFile()) return new Entry('f', a.size(), mode, hash(p));
            return new Entry('s', 0, mode, "");
        } catch (IOException e) {
            return new Entry('?', 0, 0, e.getClass().getSimpleName());
        }
    }

    private static int mode(Set<PosixFilePermission> perms) {
        int m = 0;
        for (PosixFilePermission p : perms) m |= 0400 >> p.ordinal();
        return m;
    }

    private static String hash(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What changed from {@code before} to {@code after}, in path order. */
    public static List<Effect> effects(Map<String, Entry> before, Map<String, Entry> after) {
        Set<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        List<Effect> out = new ArrayList<>();
        for (String path : paths) {
            Entry a = before.get(path), b = after.get(path);
            if (a == null) {
                out.add(new Effect(Effect.Kind.CREATED, path, b.describe()));
            } else if (b == null) {
                out.add(new Effect(Effect.Kind.REMOVED, path, a.describe()));
            } else if (!a.equals(b)) {
                out.add(new Effect(Effect.Kind.CHANGED, path, b.describe()));
            }
        }
        return out;
    }

    /** Removes {@code dir} and everything under it, making read-only directories writable first. */
    public static void delete(Path dir) {
        deleteContents(dir);
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }

    /** Empties {@code dir}, keeping the directory itself. */
    public static void deleteContents(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    d.toFile().setWritable(true, true);
                    d.toFile().setExecutable(true, true);
                    d.toFile().setReadable(true, true);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (!d.equals(dir)) Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }
}
