// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.handlers;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.SyscallTable;
import dev.jlinux.translator.kernel.GuestProcess;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Optional;

/**
 * The v1 syscall table: every syscall jlinux implements, with its support level. Syscalls not
 * listed answer ENOSYS. Notes say what a partial row leaves out.
 */
public final class LinuxSyscalls {
    private static final String PASS_THROUGH = "paths are passed through to the host until the VFS lands; ";
    private static final String HOST_METADATA = "metadata is the host's (off Linux hosts st_blocks is estimated "
            + "from st_size)";

    /** The handler classes, one per syscall family; each handler is a static method named after its syscall. */
    private static final List<Class<?>> FAMILIES = List.of(SysReadWrite.class, SysFile.class, SysStat.class,
            SysMmap.class, SysProcess.class, SysTime.class, SysInfo.class, SysIoctl.class, SysPipe.class);

    private LinuxSyscalls() {}

    /**
     * Where {@code syscall}'s handler lives, as {@code SysFile.openat}: the family class with a static
     * method named after the syscall in camel case ({@code rt_sigaction} → {@code rtSigaction}).
     */
    public static Optional<String> handlerName(String syscall) {
        StringBuilder method = new StringBuilder();
        boolean upper = false;
        for (char c : syscall.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                method.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        for (Class<?> family : FAMILIES) {
            for (Method m : family.getDeclaredMethods()) {
                if (m.getName().equals(method.toString()) && Modifier.isStatic(m.getModifiers())) {
                    return Optional.of(family.getSimpleName() + "." + m.getName());
                }
            }
        }
        return Optional.empty();
    }

    public static SyscallTable<GuestProcess> table() {
        return SyscallTable.<GuestProcess>builder()
                // read/write
                .supported("read", SysReadWrite::read)
                .supported("write", SysReadWrite::write)
                .supported("pread64", SysReadWrite::pread64)
                .supported("pwrite64", SysReadWrite::pwrite64)
                .supported("readv", SysReadWrite::readv)
                .supported("writev", SysReadWrite::writev)
                .supported("preadv", SysReadWrite::preadv)
                .supported("sendfile", SysReadWrite::sendfile)
                .supported("pwritev", SysReadWrite::pwritev)
                .partial("lseek", "SEEK_DATA/SEEK_HOLE treat every file as having no holes", SysReadWrite::lseek)
                // files and fds
                .partial("open", PASS_THROUGH + "O_TMPFILE gets EOPNOTSUPP; FIFOs and sockets get ENXIO", SysFile::open)
                .partial("openat", PASS_THROUGH + "O_TMPFILE gets EOPNOTSUPP; FIFOs and sockets get ENXIO", SysFile::openat)
                .partial("creat", PASS_THROUGH + "as open", SysFile::creat)
                .supported("close", SysFile::close)
                .supported("dup", SysFile::dup)
                .supported("dup2", SysFile::dup2)
                .supported("dup3", SysFile::dup3)
                .partial("fcntl", "F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD/F_SETFD, F_GETFL/F_SETFL only; other commands get EINVAL",
                        SysFile::fcntl)
                .partial("getdents64", PASS_THROUGH + "d_off cookies are entry indexes", SysFile::getdents64)
                .partial("readlink", PASS_THROUGH + "/proc/self/exe answers the guest's executable", SysFile::readlink)
                .partial("readlinkat", PASS_THROUGH + "/proc/self/exe answers the guest's executable", SysFile::readlinkat)
                .partial("access", PASS_THROUGH + "permission checks are the host's for the host user", SysFile::access)
                .partial("faccessat", PASS_THROUGH + "permission checks are the host's for the host user", SysFile::faccessat)
                .partial("faccessat2", PASS_THROUGH + "permission checks are the host's for the host user", SysFile::faccessat2)
                .supported("getcwd", SysFile::getcwd)
                .partial("chdir", PASS_THROUGH + "the cwd is a host directory", SysFile::chdir)
                .supported("fchdir", SysFile::fchdir)
                .supported("umask", SysFile::umask)
                .partial("ioctl", "TCGETS and TIOCGWINSZ (answered from the host terminal), FIONREAD on files, "
                        + "FIOCLEX, FIONCLEX, FIONBIO; everything else gets ENOTTY", SysIoctl::ioctl)
                // metadata
                .partial("stat", PASS_THROUGH + HOST_METADATA, SysStat::stat)
                .partial("lstat", PASS_THROUGH + HOST_METADATA, SysStat::lstat)
                .partial("fstat", HOST_METADATA, SysStat::fstat)
                .partial("newfstatat", PASS_THROUGH + HOST_METADATA, SysStat::newfstatat)
                .partial("statfs", PASS_THROUGH + "the host's answer; needs a Linux host (else ENOSYS)", SysStat::statfs)
                .partial("fstatfs", "the host's answer for host files (needs a Linux host, else ENOSYS); pipefs for "
                        + "pipes", SysStat::fstatfs)
                .partial("statx", PASS_THROUGH + "no birth time (STATX_BTIME is never in stx_mask)", SysStat::statx)
                // memory
                .supported("brk", SysMmap::brk)
                .partial("mmap", "file mappings are private copies; writable MAP_SHARED file mappings get ENODEV; "
                        + "read-only MAP_SHARED file mappings do not see later writes; pages past EOF read as zero "
                        + "instead of raising SIGBUS", SysMmap::mmap)
                .supported("munmap", SysMmap::munmap)
                .supported("mprotect", SysMmap::mprotect)
                .partial("mremap", "private mappings only (all of jlinux's are): MREMAP_DONTUNMAP empties the old "
                        + "range as for anonymous memory", SysMmap::mremap)
                .partial("mincore", "the residency of the host memory behind each page: right for anonymous memory; "
                        + "file mappings, being private copies, show their copy, not the page cache", SysMmap::mincore)
                .partial("madvise", "DONTNEED and FREE zero the pages; other advice is accepted as a hint", SysMmap::madvise)
                // process
                .supported("exit", SysProcess::exit)
                .supported("exit_group", SysProcess::exitGroup)
                .supported("getpid", SysProcess::getpid)
                .supported("gettid", SysProcess::gettid)
                .supported("getppid", SysProcess::getppid)
                .supported("getuid", SysProcess::getuid)
                .supported("geteuid", SysProcess::geteuid)
                .supported("getgid", SysProcess::getgid)
                .supported("getegid", SysProcess::getegid)
                .supported("getgroups", SysProcess::getgroups)
                .supported("getresuid", SysProcess::getresuid)
                .supported("getresgid", SysProcess::getresgid)
                .partial("getpgid", "the guest is alone: its own pid or 0, else ESRCH; the group is jlinux's host one",
                        SysProcess::getpgid)
                .supported("getpgrp", SysProcess::getpgrp)
                .partial("getsid", "its own pid or 0, else ESRCH; the session is jlinux's host one", SysProcess::getsid)
                .partial("getrusage", "CPU times of the guest thread and ru_maxrss (resident now); other counters "
                        + "are 0 and RUSAGE_CHILDREN is all zero (no children yet)", SysProcess::getrusage)
                .supported("set_tid_address", SysProcess::setTidAddress)
                .supported("set_robust_list", SysProcess::setRobustList)
                .error("rseq", Errno.ENOSYS, "restartable sequences are not offered; glibc and musl fall back, "
                        + "as on kernels before 4.18")
                .partial("arch_prctl", "ARCH_SET_CPUID gets ENODEV (no CPUID faulting)", SysProcess::archPrctl)
                .partial("prlimit64", "limits are recorded; only RLIMIT_NOFILE is enforced", SysProcess::prlimit64)
                .supported("getrlimit", SysProcess::getrlimit)
                .partial("setrlimit", "limits are recorded; only RLIMIT_NOFILE is enforced", SysProcess::setrlimit)
                .supported("sched_getaffinity", SysProcess::schedGetaffinity)
                .supported("sched_yield", SysProcess::schedYield)
                .partial("prctl", "PR_SET_NAME and PR_GET_NAME only; other options get EINVAL", SysProcess::prctl)
                // time
                .supported("clock_gettime", SysTime::clockGettime)
                .supported("clock_getres", SysTime::clockGetres)
                .supported("gettimeofday", SysTime::gettimeofday)
                .supported("time", SysTime::time)
                .partial("nanosleep", "sleeps are not interrupted (no signals yet), so rem is never written",
                        SysTime::nanosleep)
                .partial("clock_nanosleep", "sleeps are not interrupted (no signals yet); the alarm clocks get "
                        + "EOPNOTSUPP", SysTime::clockNanosleep)
                // system
                .supported("uname", SysInfo::uname)
                .supported("getrandom", SysInfo::getrandom)
                .supported("sysinfo", SysInfo::sysinfo)
                // pipes
                .partial("pipe", "within one process (no fork yet); a write with no reader raises SIGPIPE, which "
                        + "always kills (no signal handlers yet)", SysPipe::pipe)
                .partial("pipe2", "O_CLOEXEC and O_NONBLOCK; O_DIRECT (packet mode) gets EINVAL; as pipe otherwise",
                        SysPipe::pipe2)
                .build();
    }
}
