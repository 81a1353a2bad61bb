// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkTreeTest {
    @Test
    void copyKeepsSymlinksAndModes(@TempDir Path tmp) throws Exception {
        Path from = Files.createDirectory(tmp.resolve("from"));
        Fixture.populate(from);
        Files.setPosixFilePermissions(from.resolve("words.txt"), PosixFilePermissions.fromString("rwxr-x---"));
        Path to = tmp.resolve("to");
        WorkTree.copy(from, to);
        assertThat(WorkTree.snapshot(to)).isEqualTo(WorkTree.snapshot(from));
        assertThat(Files.isSymbolicLink(to.resolve("link-to-words"))).isTrue();
        WorkTree.delete(to);
        assertThat(to).doesNotExist();
    }

    @Test
    void effectsNameCreatedChangedAndRemovedPaths(@TempDir Path dir) throws Exception {
        Fixture.populate(dir);
        var before = WorkTree.snapshot(dir);
        Files.writeString(dir.resolve("new.txt"), "n");
        Files.writeString(dir.resolve("words.txt"), "changed");
        for (String f : List.of("new.txt", "words.txt")) {
            Files.setPosixFilePermissions(dir.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.delete(dir.resolve("empty"));
        List<WorkTree.Effect> fx = WorkTree.effects(before, WorkTree.snapshot(dir));
        assertThat(fx).extracting(Object::toString).containsExactly("- empty", "+ new.txt (1 bytes, mode 644)",
                "~ words.txt (7 bytes, mode 644)");
    }
}
