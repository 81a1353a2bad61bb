// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlinux.vm.Protocol.TreeEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The work tree goes to the guest and comes back as entries; on the host side nothing may be lost. */
class VmTargetTest {
    @TempDir
    Path tmp;

    @Test
    void aTreeReadAndWrittenBackIsTheSameTree() throws Exception {
        Path a = Fixture.populate(Files.createDirectory(tmp.resolve("a")));
        Files.setPosixFilePermissions(a.resolve("sub/deeper"), PosixFilePermissions.fromString("r-x------"));
        List<TreeEntry> entries = VmTarget.readTree(a);
        assertThat(entries.getFirst().path()).isEmpty();
        assertThat(entries).anySatisfy(e -> assertThat(e).extracting(TreeEntry::path, TreeEntry::type)
                .containsExactly("link-to-words", TreeEntry.Type.SYMLINK));

        Path b = Files.createDirectory(tmp.resolve("b"));
        Files.writeString(b.resolve("stale"), "removed by the copy back");
        assertThat(VmTarget.writeTree(b, entries)).isEmpty();
        assertThat(WorkTree.snapshot(b)).isEqualTo(WorkTree.snapshot(a));
        assertThat(Files.getLastModifiedTime(b.resolve("sub"))).isEqualTo(FileTime.fromMillis(1_700_000_000_000L));
        assertThat(Files.getLastModifiedTime(b.resolve("sub/deeper/b.txt"))).isEqualTo(FileTime.fromMillis(1_700_000_000_000L));
        WorkTree.deleteContents(a);
        WorkTree.deleteContents(b);
    }
}
