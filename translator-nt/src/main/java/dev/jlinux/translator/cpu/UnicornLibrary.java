// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.cpu;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The loaded {@code libunicorn} (one per JVM). It is found, in this order, at the path in the
 * environment variable {@code JLINUX_UNICORN}, at the path in the system property
 * {@code jlinux.unicorn}, or in the jlinux cache ({@code JLINUX_CACHE}, else
 * {@code $XDG_CACHE_HOME/jlinux}, else {@code ~/.cache/jlinux}) under
 * {@code unicorn/usr/lib/x86_64-linux-gnu/libunicorn.so.2}, where {@code ./jlinux} unpacks Debian's
 * build. Versions below 2.1 are refused: 2.0.x is several times slower and lacks fixes jlinux needs.
 */
public final class UnicornLibrary {
    /** Where the default library lives inside the jlinux cache directory. */
    public static final String CACHE_RELATIVE_PATH = "unicorn/usr/lib/x86_64-linux-gnu/libunicorn.so.2";

    private static final int MIN_MAJOR = 2, MIN_MINOR = 1;

    private static volatile UnicornLibrary loaded;

    private final Path path;
    private final SymbolLookup lookup;
    private final String version;

    private UnicornLibrary(Path path, SymbolLookup lookup, String version) {
        this.path = path;
        this.lookup = lookup;
        this.version = version;
    }

    /** Loads (once) the library from the default location; see the class comment. */
    public static UnicornLibrary load() throws CpuException {
        UnicornLibrary lib = loaded;
        if (lib != null) return lib;
        return load(defaultPath(System.getenv(), System.getProperties()));
    }

    /**
     * Loads the library at {@code file}. Only one Unicorn library can be loaded in a JVM: once one is
     * loaded, asking for another path fails.
     */
    public static synchronized UnicornLibrary load(Path file) throws CpuException {
        Path abs = file.toAbsolutePath().normalize();
        UnicornLibrary lib = loaded;
        if (lib != null) {
            if (lib.path.equals(abs)) return lib;
            throw new CpuException("libunicorn is already loaded from " + lib.path + "; cannot also load " + abs);
        }
        if (!Files.isRegularFile(abs)) {
            throw new CpuException("no Unicorn library at " + abs + ": run ./jlinux once (it downloads Debian's"
                    + " libunicorn2 into the jlinux cache) or set JLINUX_UNICORN to a libunicorn.so.2 of"
                    + " version " + MIN_MAJOR + "." + MIN_MINOR + " or later");
        }
        SymbolLookup lookup;
        try {
            // Arena.global(): the library stays loaded for the life of the JVM.
            lookup = SymbolLookup.libraryLookup(abs, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new CpuException("cannot load " + abs + " as a shared library: " + e.getMessage()
                    + " (set JLINUX_UNICORN to a libunicorn.so.2, version " + MIN_MAJOR + "." + MIN_MINOR
                    + " or later)", e);
        }
        MemorySegment versionFn = lookup.find("uc_version").orElseThrow(() -> new CpuException(
                abs + " is not a Unicorn library (it has no uc_version)"));
        int hex;
        try {
            MethodHandle mh = Linker.nativeLinker().downcallHandle(versionFn,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
            hex = (int) mh.invokeExact(MemorySegment.NULL, MemorySegment.NULL);
        } catch (Throwable t) {
            throw new CpuException("uc_version failed in " + abs, t);
        }
        String version = checkVersion(hex, abs);
        lib = new UnicornLibrary(abs, lookup, version);
        loaded = lib;
        return lib;
    }

    /**
     * Decodes {@code uc_version()}'s value (major &lt;&lt; 24 | minor &lt;&lt; 16 | patch &lt;&lt; 8 | extra
     * since 2.0) into "major.minor.patch" and refuses anything older than 2.1.
     */
    static String checkVersion(int hex, Path file) throws CpuException {
        int major = (hex >>> 24) & 0xff, minor = (hex >>> 16) & 0xff, patch = (hex >>> 8) & 0xff;
        if (major == 0) {
            // Unicorn 1.x returned (major << 8) + minor.
            major = (hex >>> 8) & 0xff;
            minor = hex & 0xff;
            patch = 0;
        }
        String v = major + "." + minor + "." + patch;
        if (major < MIN_MAJOR || (major == MIN_MAJOR && minor < MIN_MINOR)) {
            throw new CpuException("libunicorn " + v + " at " + file + " is too old: jlinux needs Unicorn "
                    + MIN_MAJOR + "." + MIN_MINOR + " or later (run ./jlinux to fetch it into the jlinux cache,"
                    + " or set JLINUX_UNICORN)");
        }
        return v;
    }

    /** The default library path for this environment and these system properties. */
    static Path defaultPath(Map<String, String> env, Properties props) {
        String explicit = env.get("JLINUX_UNICORN");
        if (explicit != null && !explicit.isEmpty()) return Path.of(explicit);
        explicit = props.getProperty("jlinux.unicorn");
        if (explicit != null && !explicit.isEmpty()) return Path.of(explicit);
        return cacheDir(env, props).resolve(CACHE_RELATIVE_PATH);
    }

    /** The jlinux cache directory: {@code JLINUX_CACHE}, else {@code $XDG_CACHE_HOME/jlinux}, else ~/.cache/jlinux. */
    static Path cacheDir(Map<String, String> env, Properties props) {
        String dir = env.get("JLINUX_CACHE");
        if (dir != null && !dir.isEmpty()) return Path.of(dir);
        dir = env.get("XDG_CACHE_HOME");
        if (dir != null && !dir.isEmpty()) return Path.of(dir, "jlinux");
        return Path.of(props.getProperty("user.home"), ".cache", "jlinux");
    }

    /** The loaded library, for the native bindings (which need it loaded first). */
    static UnicornLibrary current() {
        UnicornLibrary lib = loaded;
        if (lib == null) throw new IllegalStateException("UnicornLibrary.load() has not succeeded");
        return lib;
    }

    static boolean isLoaded() {
        return loaded != null;
    }

    SymbolLookup lookup() {
        return lookup;
    }

    /** "major.minor.patch", e.g. "2.1.1". */
    public String version() {
        return version;
    }

    /** The absolute path the library was loaded from. */
    public Path path() {
        return path;
    }

    @Override
    public String toString() {
        return "libunicorn " + version + " at " + path;
    }
}
