// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

/**
 * Where a directory's readdir puts its entries, like Linux's {@code dir_context}: {@code nextOffset}
 * is the offset at which reading resumes after this entry; returning false stops the listing (the
 * caller's buffer is full) and the entry is not consumed.
 */
@FunctionalInterface
public interface DirSink {
    boolean accept(long ino, int dtype, String name, long nextOffset);
}
