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
    private static final String NO_FIFO_OPEN = "O_TMPFILE gets EOPNOTSUPP; opening a socket or block device gets "
            + "ENXIO; a FIFO connects this run's processes, not host processes outside it";

    /** The handler classes, one per syscall family; each handler is a static method named after its syscall. */
    private static final List<Class<?>> FAMILIES = List.of(SysReadWrite.class, SysFile.class, SysStat.class,
            SysMmap.class, SysProcess.class, SysSignal.class, SysPoll.class, SysTime.class, SysInfo.class, SysIoctl.class,
            SysPipe.class, SysNames.class, SysAttr.class);

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
                .partial("preadv2", "RWF_NOWAIT works on pipes and gets EOPNOTSUPP on other files, as on FIFOs (Linux takes it on "
                        + "most filesystems' regular files)", SysReadWrite::preadv2)
                .partial("pwritev2", "RWF_NOWAIT works on pipes and gets EOPNOTSUPP on other files, as on FIFOs (Linux takes it on "
                        + "most filesystems' regular files)", SysReadWrite::pwritev2)
                .partial("copy_file_range", "regular files, copied through a buffer (never shared extents)",
                        SysReadWrite::copyFileRange)
                .partial("fadvise64", "the advice is checked and accepted; it changes no caching", SysReadWrite::fadvise64)
                .partial("lseek", "SEEK_DATA/SEEK_HOLE treat every file as having no holes", SysReadWrite::lseek)
                // files and fds
                .partial("open", NO_FIFO_OPEN, SysFile::open)
                .partial("openat", NO_FIFO_OPEN, SysFile::openat)
                .partial("openat2", "as openat; RESOLVE_CACHED counts every lookup as cached", SysFile::openat2)
                .supported("creat", SysFile::creat)
                .supported("close", SysFile::close)
                .supported("close_range", SysFile::closeRange)
                .supported("dup", SysFile::dup)
                .supported("dup2", SysFile::dup2)
                .supported("dup3", SysFile::dup3)
                .partial("fcntl", "F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD/F_SETFD, F_GETFL/F_SETFL, F_GETLK/F_SETLK/F_SETLKW "
                        + "and their OFD forms (no deadlock detection), F_GETPIPE_SZ/F_SETPIPE_SZ only; other commands "
                        + "get EINVAL", SysFile::fcntl)
                .supported("flock", SysFile::flock)
                .supported("getdents64", SysFile::getdents64)
                .supported("getdents", SysFile::getdents)
                .partial("readlink", "/proc/PID/fd/N of a file moved to another directory, or renamed and then deleted, still names the directory or name it was opened by", SysFile::readlink)
                .partial("readlinkat", "/proc/PID/fd/N of a file moved to another directory, or renamed and then deleted, still names the directory or name it was opened by", SysFile::readlinkat)
                .supported("access", SysFile::access)
                .supported("faccessat", SysFile::faccessat)
                .supported("faccessat2", SysFile::faccessat2)
                .supported("unlink", SysFile::unlink)
                .supported("unlinkat", SysFile::unlinkat)
                .supported("rmdir", SysFile::rmdir)
                .supported("mkdir", SysFile::mkdir)
                .supported("mkdirat", SysFile::mkdirat)
                .supported("getcwd", SysFile::getcwd)
                .supported("chdir", SysFile::chdir)
                .supported("fchdir", SysFile::fchdir)
                .supported("umask", SysFile::umask)
                // names
                .supported("rename", SysNames::rename)
                .supported("renameat", SysNames::renameat)
                .partial("renameat2", "RENAME_WHITEOUT gets EINVAL", SysNames::renameat2)
                .supported("link", SysNames::link)
                .supported("linkat", SysNames::linkat)
                .supported("symlink", SysNames::symlink)
                .supported("symlinkat", SysNames::symlinkat)
                .partial("mknod", "sockets are made but cannot be opened (ENXIO); FIFOs connect this run's processes "
                        + "only", SysNames::mknod)
                .partial("mknodat", "as mknod", SysNames::mknodat)
                .supported("chroot", SysNames::chroot)
                // attributes
                .supported("chmod", SysAttr::chmod)
                .supported("fchmod", SysAttr::fchmod)
                .supported("fchmodat", SysAttr::fchmodat)
                .supported("chown", SysAttr::chown)
                .supported("fchown", SysAttr::fchown)
                .supported("lchown", SysAttr::lchown)
                .supported("fchownat", SysAttr::fchownat)
                .supported("truncate", SysAttr::truncate)
                .supported("ftruncate", SysAttr::ftruncate)
                .supported("fallocate", SysAttr::fallocate)
                .supported("fsync", SysAttr::fsync)
                .supported("fdatasync", SysAttr::fdatasync)
                .partial("sync", "host files: the host filesystem of the root (or of each --mount) is synced, not every "
                        + "host filesystem below it", SysAttr::sync)
                .partial("syncfs", "as sync, for the file's filesystem", SysAttr::syncfs)
                .supported("utimensat", SysAttr::utimensat)
                .supported("utime", SysAttr::utime)
                .supported("utimes", SysAttr::utimes)
                .supported("futimesat", SysAttr::futimesat)
                .supported("setxattr", SysAttr::setxattr)
                .supported("lsetxattr", SysAttr::lsetxattr)
                .supported("fsetxattr", SysAttr::fsetxattr)
                .supported("getxattr", SysAttr::getxattr)
                .supported("lgetxattr", SysAttr::lgetxattr)
                .supported("fgetxattr", SysAttr::fgetxattr)
                .supported("listxattr", SysAttr::listxattr)
                .supported("llistxattr", SysAttr::llistxattr)
                .supported("flistxattr", SysAttr::flistxattr)
                .supported("removexattr", SysAttr::removexattr)
                .supported("lremovexattr", SysAttr::lremovexattr)
                .supported("fremovexattr", SysAttr::fremovexattr)
                .partial("ioctl", "TCGETS and TIOCGWINSZ (answered from the host terminal), FIONREAD on files, "
                        + "FIOCLEX, FIONCLEX, FIONBIO; everything else gets ENOTTY", SysIoctl::ioctl)
                // metadata
                .supported("stat", SysStat::stat)
                .supported("lstat", SysStat::lstat)
                .supported("fstat", SysStat::fstat)
                .supported("newfstatat", SysStat::newfstatat)
                .partial("statfs", "host files answer the host's statfs; procfs, sysfs, devfs and tmpfs their own",
                        SysStat::statfs)
                .partial("fstatfs", "as statfs; pipefs for pipes", SysStat::fstatfs)
                .partial("statx", "no birth time (STATX_BTIME is never in stx_mask); STATX_MNT_ID is not offered",
                        SysStat::statx)
                // memory
                .supported("brk", SysMmap::brk)
                .partial("mmap", "MAP_PRIVATE file mappings are copies made at mmap (Linux's show later writes to "
                        + "pages they have not written) whose pages past EOF read as zero instead of raising SIGBUS; "
                        + "MAP_SHARED file mappings are coherent with read/write/truncate inside jlinux, and host "
                        + "processes see their stores after msync, munmap or exit; file offsets reach 64 GiB; "
                        + "a file shortened by another process faults past its end only after this process's next "
                        + "syscall; a MAP_GROWSDOWN mapping grows as Linux's (RLIMIT_STACK, the stack guard gap) but "
                        + "never past 128 MiB, the host memory reserved for it; past jlinux's run-wide memory limit "
                        + "(--memory-limit) mmap, mremap and brk fail as past RLIMIT_AS", SysMmap::mmap)
                .supported("munmap", SysMmap::munmap)
                .supported("mprotect", SysMmap::mprotect)
                .supported("msync", SysMmap::msync)
                .partial("mremap", "MAP_SHARED|MAP_ANONYMOUS memory cannot grow past its size (ENOMEM where Linux maps "
                        + "pages that raise SIGBUS); MREMAP_DONTUNMAP empties a private old range as for anonymous memory",
                        SysMmap::mremap)
                .partial("mincore", "the residency of the host memory behind each page: right for anonymous memory; "
                        + "private file mappings, being copies, show their copy, not the page cache", SysMmap::mincore)
                .partial("madvise", "DONTNEED and FREE zero private pages (shared ones keep their data); other advice is "
                        + "accepted as a hint", SysMmap::madvise)
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
                .partial("setuid", "the ids change as in Linux; capabilities follow the ids (no file capabilities, "
                        + "no SECBIT_KEEP_CAPS); set-id executables run with the caller's ids", SysProcess::setuid)
                .partial("setgid", "as setuid", SysProcess::setgid)
                .partial("setreuid", "as setuid", SysProcess::setreuid)
                .partial("setregid", "as setuid", SysProcess::setregid)
                .partial("setresuid", "as setuid", SysProcess::setresuid)
                .partial("setresgid", "as setuid", SysProcess::setresgid)
                .partial("setfsuid", "as setuid", SysProcess::setfsuid)
                .partial("setfsgid", "as setuid", SysProcess::setfsgid)
                .supported("setgroups", SysProcess::setgroups)
                .supported("getpgid", SysProcess::getpgid)
                .supported("getpgrp", SysProcess::getpgrp)
                .supported("getsid", SysProcess::getsid)
                .supported("setpgid", SysProcess::setpgid)
                .supported("setsid", SysProcess::setsid)
                .partial("getrusage", "CPU times and ru_maxrss (resident now) for RUSAGE_SELF; RUSAGE_CHILDREN has the "
                        + "reaped children's CPU time as user time; other counters are 0", SysProcess::getrusage)
                .supported("fork", SysProcess::fork)
                .partial("vfork", "the child shares the parent's memory until it execs or exits; mappings the child "
                        + "adds or removes meanwhile are its own", SysProcess::vfork)
                .partial("clone", "new processes only (as fork, or as vfork with CLONE_VM|CLONE_VFORK): threads "
                        + "(CLONE_VM without CLONE_VFORK, CLONE_THREAD), shared fd tables, fs or signal handlers and "
                        + "namespaces get ENOSYS", SysProcess::clone)
                .partial("execve", "ELF executables and #! scripts (4 levels); the file must be readable too",
                        SysProcess::execve)
                .partial("execveat", "as execve; AT_EMPTY_PATH (fexecve) gets ENOSYS", SysProcess::execveat)
                .partial("wait4", "rusage has the child's CPU time (as user time) only", SysProcess::wait4)
                .partial("waitid", "P_PIDFD gets EINVAL; rusage has the child's CPU time (as user time) only",
                        SysProcess::waitid)
                .supported("set_tid_address", SysProcess::setTidAddress)
                .supported("set_robust_list", SysProcess::setRobustList)
                .error("rseq", Errno.ENOSYS, "restartable sequences are not offered; glibc and musl fall back, "
                        + "as on kernels before 4.18")
                .partial("arch_prctl", "ARCH_SET_CPUID gets ENODEV (no CPUID faulting)", SysProcess::archPrctl)
                .partial("prlimit64", "limits are recorded; RLIMIT_NOFILE, RLIMIT_STACK (up to 128 MiB, where mmap's area "
                        + "begins), RLIMIT_AS and RLIMIT_DATA are enforced, the others not", SysProcess::prlimit64)
                .supported("getrlimit", SysProcess::getrlimit)
                .partial("setrlimit", "limits are recorded; RLIMIT_NOFILE, RLIMIT_STACK (up to 128 MiB, where mmap's area "
                        + "begins), RLIMIT_AS and RLIMIT_DATA are enforced, the others not", SysProcess::setrlimit)
                .supported("sched_getaffinity", SysProcess::schedGetaffinity)
                .supported("sched_yield", SysProcess::schedYield)
                .partial("prctl", "PR_SET_NAME, PR_GET_NAME, PR_SET_CHILD_SUBREAPER and PR_GET_CHILD_SUBREAPER only; "
                        + "other options get EINVAL", SysProcess::prctl)
                // signals
                .supported("rt_sigaction", SysSignal::rtSigaction)
                .supported("rt_sigprocmask", SysSignal::rtSigprocmask)
                .supported("rt_sigpending", SysSignal::rtSigpending)
                .supported("rt_sigsuspend", SysSignal::rtSigsuspend)
                .supported("rt_sigreturn", SysSignal::rtSigreturn)
                .supported("sigaltstack", SysSignal::sigaltstack)
                .supported("pause", SysSignal::pause)
                .supported("rt_sigtimedwait", SysSignal::rtSigtimedwait)
                .supported("rt_sigqueueinfo", SysSignal::rtSigqueueinfo)
                .supported("kill", SysSignal::kill)
                .supported("tgkill", SysSignal::tgkill)
                .supported("tkill", SysSignal::tkill)
                .supported("alarm", SysSignal::alarm)
                .partial("setitimer", "ITIMER_VIRTUAL and ITIMER_PROF count the CPU time of the process's host "
                        + "thread, sampled every 4 ms, in which jlinux's own syscall work is user time",
                        SysSignal::setitimer)
                .partial("getitimer", "as setitimer", SysSignal::getitimer)
                // polling
                .partial("poll", "pipes report their real state; other files are always ready for what their "
                        + "access mode allows (a terminal or host pipe on stdin may then block in read)", SysPoll::poll)
                .partial("ppoll", "as poll", SysPoll::ppoll)
                .partial("select", "as poll: pipes report their real state, other files are always ready", SysPoll::select)
                .partial("pselect6", "as select", SysPoll::pselect6)
                // time
                .supported("clock_gettime", SysTime::clockGettime)
                .supported("clock_getres", SysTime::clockGetres)
                .supported("gettimeofday", SysTime::gettimeofday)
                .supported("time", SysTime::time)
                .partial("nanosleep", "a sleep a handler interrupts fails with EINTR and rem, as on Linux; one "
                        + "interrupted without a handler running (stop and continue) restarts with the full time where "
                        + "Linux resumes with the time left", SysTime::nanosleep)
                .partial("clock_nanosleep", "the alarm clocks get EOPNOTSUPP; interrupted sleeps as nanosleep",
                        SysTime::clockNanosleep)
                // system
                .supported("uname", SysInfo::uname)
                .supported("getrandom", SysInfo::getrandom)
                .supported("sysinfo", SysInfo::sysinfo)
                // pipes
                .supported("pipe", SysPipe::pipe)
                .partial("pipe2", "O_CLOEXEC and O_NONBLOCK; O_DIRECT (packet mode) gets EINVAL; as pipe otherwise",
                        SysPipe::pipe2)
                .build();
    }
}
