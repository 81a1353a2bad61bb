// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** How the guest's mount table names the host directories it shows. */
class GuestFileSystemsTest {
    @Test
    void aHostDirectoryIsNamedByTheSourceOfTheHostMountItLiesOn() throws IOException {
        // The host's own /proc/mounts is the oracle: its last entry on "/" is the one on top.
        String rootSource = Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                .map(l -> l.split(" "))
                .filter(f -> f[1].equals("/"))
                .map(f -> f[0])
                .reduce((first, last) -> last)
                .orElseThrow();
        assertThat(GuestFileSystems.hostSource(Path.of("/"))).isEqualTo(rootSource);
        assertThat(GuestFileSystems.hostSource(Path.of("/no/such/dir"))).as("unknown: the directory itself")
                .isEqualTo("/no/such/dir");
    }
}
