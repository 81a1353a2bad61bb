// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm.ninep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlinux.syscalls.OpenFlags;
import dev.jlinux.vfs.FileSystem;
import dev.jlinux.vfs.hostfs.HostFs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.TempDirFactory;

/** The 9P server over a host directory (hostfs). */
class NinepServerOverHostfsTest extends NinepServerContract {
    /** In target/, on the build's disk: /tmp may be a tmpfs without the user xattrs a test sets. */
    static final class InTarget implements TempDirFactory {
        @Override
        public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws IOException {
            return Files.createTempDirectory(Files.createDirectories(Path.of("target")), "ninep");
        }
    }

    @TempDir(factory = InTarget.class) Path dir;

    @Override
    FileSystem fileSystem() throws Exception {
        return HostFs.open(dir, 0x2b);
    }

    @Test
    void filesWrittenThroughNinePAreTheHostsFiles() throws Exception {
        int f = client.create(root, "note.txt", OpenFlags.O_WRONLY, 0644);
        client.write(f, 0, "from the guest\n".getBytes(StandardCharsets.UTF_8));
        client.clunk(f);
        assertThat(Files.readString(dir.resolve("note.txt"))).isEqualTo("from the guest\n");
        Files.writeString(dir.resolve("host.txt"), "from the host");
        int h = client.open(root, "host.txt", OpenFlags.O_RDONLY);
        assertThat(new String(client.readAll(h), StandardCharsets.UTF_8)).isEqualTo("from the host");
    }
}
