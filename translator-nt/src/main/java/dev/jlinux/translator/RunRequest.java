// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * What to run: the program as typed ({@code path}, also AT_EXECFN), its argv and environment
 * (each entry {@code NAME=value}, in order), the working directory, stdio, and an optional sink
 * for strace-style trace lines.
 */
public record RunRequest(String path, List<String> argv, List<String> env, Path cwd, Stdio stdio,
                         Consumer<String> trace) {
    public RunRequest {
        argv = List.copyOf(argv);
        env = List.copyOf(env);
    }
}
