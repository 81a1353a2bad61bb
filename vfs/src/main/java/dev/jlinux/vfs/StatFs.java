// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

/** A filesystem's statistics in {@code struct statfs}'s shape ({@code Statfs} has the layout). */
public record StatFs(long type, long bsize, long blocks, long bfree, long bavail, long files, long ffree, long fsid,
                     long namelen, long frsize, long flags) {}
