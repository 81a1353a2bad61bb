// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.Random;

/**
 * A small, deterministic tree of files that the compared programs read and change. Each run of the
 * suite gets a fresh one, so every target starts from the identical tree.
 */
public final class Fixture {
    private Fixture() {}

    /** Writes the fixture's files into the empty directory {@code dir}. */
    public static Path populate(Path dir) {
        try {
            Files.writeString(dir.resolve("words.txt"), """
                    pear
                    apple
                    fig
                    apple
                    banana
                    cherry
                    fig
                    date
                    """);
            Files.writeString(dir.resolve("table.csv"), """
                    name,qty,price
                    bolt,10,0.25
                    nut,250,0.05
                    washer,75,0.10
                    gear,3,12.50
                    """);
            StringBuilder lorem = new StringBuilder();
            for (int i = 1; i <= 400; i++) {
                lorem.append("line ").append(i).append(": the quick brown fox jumps over the lazy dog ")
                        .append(i * 7919 % 1000).append('\n');
            }
            Files.writeString(dir.resolve("lorem.txt"), lorem);
            byte[] bin = new byte[70_000];
            new Random(42).nextBytes(bin);
            Files.write(dir.resolve("random.bin"), bin);
            Files.createDirectories(dir.resolve("sub/deeper"));
            Files.writeString(dir.resolve("sub/a.txt"), "alpha\n");
            Files.writeString(dir.resolve("sub/deeper/b.txt"), "beta\nbeta\n");
            Files.write(dir.resolve("empty"), new byte[0]);
            Files.writeString(dir.resolve("unicode-é.txt"), "héllo wörld ✓\n", StandardCharsets.UTF_8);
            Files.createSymbolicLink(dir.resolve("link-to-words"), Path.of("words.txt"));
            FileTime t = FileTime.fromMillis(1_700_000_000_000L);
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.toList()) {
                    // Symlinks too (lutimes): a case may stat one, and a fresh tree must not show when it was made.
                    Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .setTimes(t, null, null);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
