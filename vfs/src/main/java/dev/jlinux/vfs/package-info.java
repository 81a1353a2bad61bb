// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * The jlinux VFS. How a kernel uses it:
 *
 * <ul>
 *   <li>One {@link dev.jlinux.vfs.MountTable} per mount namespace, built on a root filesystem
 *       (hostfs for {@code --root DIR}, or the host's {@code /}), with tmpfs, devfs, procfs and
 *       sysfs mounted on it; one {@link dev.jlinux.vfs.Vfs} over it, which also holds the character
 *       device drivers by device number.</li>
 *   <li>Per process: an {@link dev.jlinux.vfs.FdTable} ({@code fork()} copies it, {@code closeOnExec()}
 *       at execve) and an {@link dev.jlinux.vfs.FsContext} (root, cwd, umask; {@code copy()} without
 *       CLONE_FS); per call, a {@link dev.jlinux.vfs.Caller} with the task's current
 *       {@link dev.jlinux.vfs.Credentials}.</li>
 *   <li>Syscall handlers call the {@code Vfs} method named after the syscall with the guest's
 *       dirfd, path (decoded as UTF-8), flags and mode, and the {@link dev.jlinux.vfs.OpenFile}
 *       methods for fd I/O; every failure is an {@code ErrnoException} with Linux's errno.</li>
 *   <li>A filesystem implements {@link dev.jlinux.vfs.FileSystem}, {@link dev.jlinux.vfs.Inode} and
 *       {@link dev.jlinux.vfs.FileHandle}; what it does not override answers as Linux does for a
 *       filesystem without that operation.</li>
 * </ul>
 */
package dev.jlinux.vfs;
