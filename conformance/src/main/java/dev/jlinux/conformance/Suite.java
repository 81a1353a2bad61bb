// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The conformance suite's cases: every test program test-binaries built (in every variant), and the
 * real-program cases (busybox). Which arguments, expected status and family each program has is data
 * ({@code suite/programs.txt}, {@code suite/busybox.txt}), not code.
 */
public final class Suite {
    /** Debian's static busybox (busybox-static). */
    public static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final String OTHER = "other";

    private Suite() {}

    /** Every case: the test binaries under {@code testbin} (from its index.txt), then busybox's. */
    public static List<TestCase> all(Path testbin) {
        List<TestCase> all = new ArrayList<>(testBinaries(testbin));
        all.addAll(busybox());
        all.addAll(shell());
        return all;
    }

    /** How a test program runs: its family, the status it must end with natively, its arguments. */
    record Program(String family, int status, List<String> args) {}

    static Map<String, Program> programs() {
        Map<String, Program> programs = new HashMap<>();
        for (String line : resourceLines("suite/programs.txt")) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) continue;
            String[] parts = s.split("\\|", 4);
            if (parts.length < 3) throw new IllegalArgumentException("suite/programs.txt: bad line: " + line);
            List<String> args = parts.length == 4 ? words(parts[3].strip()) : List.of();
            programs.put(parts[0].strip(), new Program(parts[1].strip(), Integer.parseInt(parts[2].strip()), args));
        }
        return programs;
    }

    /** The test programs listed in {@code testbin/index.txt}, each variant a case named variant/program. */
    public static List<TestCase> testBinaries(Path testbin) {
        Map<String, Program> programs = programs();
        List<String> index;
        try {
            index = Files.readAllLines(testbin.resolve("index.txt"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the test programs are not built (" + testbin
                    + "/index.txt is missing; make -C test-binaries builds them)", e);
        }
        List<TestCase> cases = new ArrayList<>();
        for (String relative : index) {
            if (relative.isBlank()) continue;
            Path exe = testbin.resolve(relative).toAbsolutePath();
            Program p = programs.getOrDefault(exe.getFileName().toString(), new Program(OTHER, 0, List.of()));
            List<String> argv = new ArrayList<>();
            argv.add(exe.toString());
            argv.addAll(p.args());
            cases.add(new TestCase(relative, p.family(), argv, new byte[0], p.status()));
        }
        return cases;
    }

    /** busybox applet invocations, grouped by family. */
    public static List<TestCase> busybox() {
        List<TestCase> cases = new ArrayList<>();
        String family = "busybox";
        for (String line : resourceLines("suite/busybox.txt")) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) continue;
            if (s.startsWith("[") && s.endsWith("]")) {
                family = s.substring(1, s.length() - 1);
                continue;
            }
            String stdin = "";
            int here = s.indexOf(" <<< ");
            if (here >= 0) {
                stdin = s.substring(here + 5) + "\n";
                s = s.substring(0, here);
            }
            List<String> argv = new ArrayList<>();
            argv.add(BUSYBOX.toString());
            argv.addAll(words(s));
            cases.add(new TestCase("busybox " + s, family, argv, stdin.getBytes(StandardCharsets.UTF_8), -1));
        }
        return cases;
    }

    /** {@code busybox sh -c SCRIPT} cases (suite/shell.txt): pipelines, jobs, traps and signals. */
    public static List<TestCase> shell() {
        List<TestCase> cases = new ArrayList<>();
        StringBuilder script = new StringBuilder();
        String stdin = "";
        for (String line : resourceLines("suite/shell.txt")) {
            if (line.startsWith("#") && script.isEmpty()) continue;
            if (line.equals("----")) {
                String text = script.toString();
                cases.add(new TestCase("sh -c " + text.replace('\n', ';'), "busybox: shell (processes, pipes, signals)",
                        List.of(BUSYBOX.toString(), "sh", "-c", text), stdin.getBytes(StandardCharsets.UTF_8), -1));
                script.setLength(0);
                stdin = "";
            } else if (line.startsWith("stdin: ") && script.isEmpty()) {
                stdin = line.substring("stdin: ".length()).replace("\\n", "\n");
            } else {
                script.append(script.isEmpty() ? "" : "\n").append(line);
            }
        }
        return cases;
    }

    /** Splits on spaces, keeping '…' quoted words together (no other shell syntax). */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false, any = false;
        for (char ch : line.toCharArray()) {
            if (ch == '\'') {
                quoted = !quoted;
                any = true;
            } else if (ch == ' ' && !quoted) {
                if (any) out.add(w.toString());
                w.setLength(0);
                any = false;
            } else {
                w.append(ch);
                any = true;
            }
        }
        if (any) out.add(w.toString());
        return out;
    }

    private static List<String> resourceLines(String name) {
        try (InputStream in = Suite.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
