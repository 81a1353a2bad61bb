// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * What to run: the program as typed ({@code path}, a path in the guest's tree, also AT_EXECFN), its
 * argv and environment (each entry {@code NAME=value}, in order), the working directory (a guest
 * path; the guest starts at its root when the tree has no such directory), stdio, an optional sink
 * for strace-style trace lines, and the guest's file tree.
 */
public record RunRequest(String path, List<String> argv, List<String> env, Path cwd, Stdio stdio,
                         Consumer<String> trace, FsLayout fs) {
    public RunRequest {
        argv = List.copyOf(argv);
        env = List.copyOf(env);
    }

    /** A run in the default tree: the host's {@code /} with jlinux's /proc, /sys and /dev. */
    public RunRequest(String path, List<String> argv, List<String> env, Path cwd, Stdio stdio,
                      Consumer<String> trace) {
        this(path, argv, env, cwd, stdio, trace, FsLayout.HOST);
    }
}
