// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator;

import java.nio.file.Path;
import java.util.List;

/**
 * What the guest's file tree is made of: the host directory that becomes {@code /} (jlinux's own
 * /proc, /sys and /dev are mounted on it where it has those directories), then {@code mounts} in
 * order, each on a directory that must exist in the tree built so far.
 */
public record FsLayout(Path root, List<GuestMount> mounts) {
    /** The host's {@code /} with jlinux's /proc, /sys and /dev: what {@code jlinux run} shows by default. */
    public static final FsLayout HOST = new FsLayout(Path.of("/"), List.of());

    public FsLayout {
        root = root.toAbsolutePath();
        mounts = List.copyOf(mounts);
    }

    /** One mount on a guest directory. */
    public sealed interface GuestMount {
        /** The guest directory mounted on. */
        String guest();

        /** The host directory {@code host} at {@code guest}, read-only when {@code readOnly} (EROFS on change). */
        record Bind(Path host, String guest, boolean readOnly) implements GuestMount {
            public Bind {
                host = host.toAbsolutePath();
            }
        }

        /** An empty tmpfs at {@code guest}, in jlinux's memory, gone when the run ends. */
        record Tmpfs(String guest) implements GuestMount {}
    }
}
