// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A syscall's section-2 manual page from the Linux man-pages project (Debian's manpages-dev), read
 * for {@code jlinux explain}: the C prototype from SYNOPSIS and the errno list from ERRORS. Only
 * the roff that those sections use is understood.
 */
final class ManPage {
    static final Path MAN2 = Path.of("/usr/share/man/man2");
    private static final Pattern ERRNO = Pattern.compile("^E[A-Z0-9]+$");

    /** One ERRORS entry: the errno name and the first sentence of its description. */
    record Error(String errno, String description) {}

    final String page;
    private final List<String> lines;

    private ManPage(String page, List<String> lines) {
        this.page = page;
        this.lines = lines;
    }

    /** The page documenting {@code syscall}: its own, else its family's (pread64 → pread, newfstatat → fstatat). */
    static Optional<ManPage> find(Path dir, String syscall) {
        List<String> names = new ArrayList<>(List.of(syscall));
        if (syscall.endsWith("64")) names.add(syscall.substring(0, syscall.length() - 2));
        if (syscall.startsWith("new")) names.add(syscall.substring(3));
        if (syscall.startsWith("rt_")) names.add(syscall.substring(3));
        for (String n : names) {
            Optional<ManPage> p = load(dir, n, 0);
            if (p.isPresent()) return p;
        }
        return Optional.empty();
    }

    private static Optional<ManPage> load(Path dir, String name, int depth) {
        for (String file : List.of(name + ".2.gz", name + ".2")) {
            Path p = dir.resolve(file);
            if (!Files.isRegularFile(p)) continue;
            try (InputStream raw = Files.newInputStream(p);
                 InputStream in = file.endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
                List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
                // ".so man2/other.2": this page is an alias of another.
                if (!lines.isEmpty() && lines.getFirst().startsWith(".so ") && depth < 3) {
                    String target = Path.of(lines.getFirst().substring(4).strip()).getFileName().toString();
                    return load(dir, target.replaceFirst("\\.2(\\.gz)?$", ""), depth + 1);
                }
                return Optional.of(new ManPage(p.getFileName().toString().replaceFirst("\\.2(\\.gz)?$", "") + "(2)", lines));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The section's lines turned into plain text lines (one per roff line; comments dropped; continuations joined). */
    private List<String> section(String name) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        StringBuilder pending = new StringBuilder();
        for (String raw : lines) {
            if (raw.startsWith(".SH ")) {
                in = raw.substring(4).strip().replace("\"", "").equals(name);
                continue;
            }
            if (!in || raw.startsWith(".\\\"")) continue;
            if (raw.endsWith("\\") && !raw.endsWith("\\\\")) {
                pending.append(raw, 0, raw.length() - 1);
                continue;
            }
            pending.append(raw);
            out.add(pending.toString());
            pending.setLength(0);
        }
        return out;
    }

    /** The longest prototype of {@code syscall} in SYNOPSIS, as C text. */
    Optional<String> prototype(String syscall) {
        String best = null;
        StringBuilder current = null;
        for (String line : section("SYNOPSIS")) {
            String text = text(line);
            if (current == null) {
                if (text.matches(".*\\b" + Pattern.quote(syscall) + "\\(.*") || text.matches(".*\\(\\*?" + Pattern.quote(syscall) + "\\)\\(.*")) {
                    current = new StringBuilder(text.strip());
                } else {
                    continue;
                }
            } else {
                current.append(' ').append(text.strip());
            }
            if (current.toString().contains(");")) {
                String proto = current.toString().replaceAll("\\s+", " ");
                if (best == null || proto.length() > best.length()) best = proto;
                current = null;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The ERRORS entries, in the page's order (an errno may appear more than once, for different causes). */
    List<Error> errors() {
        List<Error> out = new ArrayList<>();
        List<String> names = new ArrayList<>();
        StringBuilder desc = null;
        boolean afterTp = false;
        for (String line : section("ERRORS")) {
            if (line.startsWith(".TP")) {
                flush(out, names, desc);
                names.clear();
                desc = null;
                afterTp = true;
                continue;
            }
            if (line.startsWith(".TQ")) {
                afterTp = true;
                continue;
            }
            String text = text(line).strip();
            if (afterTp) {
                afterTp = false;
                String first = text.split("[ ,]", 2)[0];
                if (ERRNO.matcher(first).matches()) {
                    names.add(first);
                    desc = new StringBuilder();
                    continue;
                }
            }
            if (desc != null && !text.isEmpty()) desc.append(desc.isEmpty() ? "" : " ").append(text);
        }
        flush(out, names, desc);
        return out;
    }

    private static void flush(List<Error> out, List<String> names, StringBuilder desc) {
        if (names.isEmpty() || desc == null) return;
        String d = desc.toString().replaceAll("\\s+", " ").strip();
        Matcher m = Pattern.compile("^(.*?[.])(\\s|$)").matcher(d);
        String first = m.find() ? m.group(1) : d;
        for (String n : names) out.add(new Error(n, first));
    }

    /** One roff line as text: font macros' arguments joined, escapes resolved, requests dropped. */
    static String text(String line) {
        String s = line;
        if (s.startsWith(".")) {
            int sp = s.indexOf(' ');
            String macro = sp < 0 ? s.substring(1) : s.substring(1, sp);
            String rest = sp < 0 ? "" : s.substring(sp + 1);
            switch (macro) {
                case "B", "I", "SM", "SB" -> s = String.join(" ", args(rest));
                case "BI", "IB", "BR", "RB", "IR", "RI" -> s = String.join("", args(rest));
                default -> s = ""; // .PP, .nf, .fi, .RS, .in, ...: layout only
            }
        }
        return s.replace("\\fB", "").replace("\\fI", "").replace("\\fR", "").replace("\\fP", "")
                .replace("\\-", "-").replace("\\e", "\\").replace("\\~", " ").replace("\\ ", " ")
                .replace("\\(em", "—").replace("\\(en", "–").replace("\\&", "").replace("\\%", "")
                .replace("\\[rs]", "\\").replace("\\(aq", "'").replace("\\(dq", "\"");
    }

    /** Macro arguments: double-quoted strings (spaces kept) or space-separated words. */
    private static List<String> args(String rest) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < rest.length()) {
            char c = rest.charAt(i);
            if (c == ' ') {
                i++;
            } else if (c == '"') {
                int end = rest.indexOf('"', i + 1);
                if (end < 0) end = rest.length();
                out.add(rest.substring(i + 1, end));
                i = end + 1;
            } else {
                int end = rest.indexOf(' ', i);
                if (end < 0) end = rest.length();
                out.add(rest.substring(i, end));
                i = end;
            }
        }
        return out;
    }
}
