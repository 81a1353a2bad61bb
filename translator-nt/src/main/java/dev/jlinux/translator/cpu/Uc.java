// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.cpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The Unicorn C API as FFM method handles, written by hand from unicorn.h / x86.h (2.1.1). Loaded on
 * first use, which must come after {@link UnicornLibrary#load()} succeeded. Calls that never re-enter
 * Java (no hook can fire inside them) are linked {@code critical}: no thread-state transition, and the
 * memory copies may take heap segments. {@code uc_emu_start} is an ordinary downcall: hooks upcall.
 */
final class Uc {
    private Uc() {}

    // uc_arch / uc_mode
    static final int UC_ARCH_X86 = 4;
    static final int UC_MODE_64 = 1 << 3;

    // uc_hook_type
    static final int UC_HOOK_INTR = 1;
    static final int UC_HOOK_INSN = 1 << 1;
    static final int UC_HOOK_BLOCK = 1 << 3;
    static final int UC_HOOK_MEM_INVALID = 0x3f0; // UNMAPPED (r/w/fetch) + PROT (r/w/fetch)
    static final int UC_HOOK_INSN_INVALID = 1 << 14;

    // uc_x86_insn ids for UC_HOOK_INSN
    static final int UC_X86_INS_CPUID = 113;
    static final int UC_X86_INS_SYSCALL = 699;

    // uc_control_type and the UC_CTL_* encoding: type | nr_args << 26 | rw << 30
    static final int UC_CTL_CPU_MODEL = 7;
    static final int UC_CTL_TB_REMOVE_CACHE = 9;
    static final int UC_CTL_TB_FLUSH = 10;
    static final int UC_CTL_IO_WRITE = 1, UC_CTL_IO_READ = 2;

    static int ctl(int type, int nargs, int rw) {
        return type | (nargs << 26) | (rw << 30);
    }

    // uc_cpu_x86 (x86.h)
    static final int UC_CPU_X86_NEHALEM = 15;
    static final int UC_CPU_X86_HASWELL = 19;
    static final int UC_CPU_X86_SKYLAKE_CLIENT = 21;

    /** sizeof(uc_mem_region): uint64 begin, uint64 end (inclusive), uint32 perms, padded. */
    static final long MEM_REGION_SIZE = 24;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIB = UnicornLibrary.current().lookup();
    private static final Linker.Option CRITICAL = Linker.Option.critical(false);
    private static final Linker.Option CRITICAL_HEAP = Linker.Option.critical(true);

    static final MethodHandle OPEN = h("uc_open", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    static final MethodHandle CLOSE = h("uc_close", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle STRERROR = h("uc_strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

    static final MethodHandle REG_READ = h("uc_reg_read",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), CRITICAL);
    static final MethodHandle REG_WRITE = h("uc_reg_write",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), CRITICAL);
    static final MethodHandle REG_READ_BATCH = h("uc_reg_read_batch",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT), CRITICAL);
    static final MethodHandle REG_WRITE_BATCH = h("uc_reg_write_batch",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT), CRITICAL);

    static final MethodHandle MEM_MAP = h("uc_mem_map",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT));
    static final MethodHandle MEM_MAP_PTR = h("uc_mem_map_ptr",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS));
    static final MethodHandle MEM_UNMAP = h("uc_mem_unmap",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    static final MethodHandle MEM_PROTECT = h("uc_mem_protect",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT), CRITICAL);
    static final MethodHandle MEM_READ = h("uc_mem_read",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG), CRITICAL_HEAP);
    static final MethodHandle MEM_WRITE = h("uc_mem_write",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG), CRITICAL_HEAP);
    static final MethodHandle MEM_REGIONS = h("uc_mem_regions",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle FREE = h("uc_free", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    /** Not critical: hooks upcall into Java while it runs. */
    static final MethodHandle EMU_START = h("uc_emu_start",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    static final MethodHandle EMU_STOP = h("uc_emu_stop", FunctionDescriptor.of(JAVA_INT, ADDRESS), CRITICAL);

    /** uc_hook_add(uc, &hh, type, callback, user_data, begin, end) with no variadic arguments. */
    static final MethodHandle HOOK_ADD = h("uc_hook_add", FunctionDescriptor.of(JAVA_INT,
            ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(7));
    /** uc_hook_add(..., int insn) for UC_HOOK_INSN. */
    static final MethodHandle HOOK_ADD_INSN = h("uc_hook_add", FunctionDescriptor.of(JAVA_INT,
            ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT),
            Linker.Option.firstVariadicArg(7));
    static final MethodHandle HOOK_DEL = h("uc_hook_del", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));

    /** uc_ctl(uc, control, int). */
    static final MethodHandle CTL_INT = h("uc_ctl",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    /** uc_ctl(uc, control, void*). */
    static final MethodHandle CTL_PTR = h("uc_ctl",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), Linker.Option.firstVariadicArg(2));
    /** uc_ctl(uc, control, uint64, uint64): never upcalls. */
    static final MethodHandle CTL_LONG_LONG = h("uc_ctl",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(2), CRITICAL);
    /** uc_ctl(uc, control) with no arguments. */
    static final MethodHandle CTL_NONE = h("uc_ctl",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.firstVariadicArg(2));

    static final MethodHandle CONTEXT_ALLOC = h("uc_context_alloc",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle CONTEXT_SAVE = h("uc_context_save",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), CRITICAL);
    static final MethodHandle CONTEXT_RESTORE = h("uc_context_restore",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), CRITICAL);
    static final MethodHandle CONTEXT_FREE = h("uc_context_free", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    // Callback shapes (unicorn.h typedefs); user_data is always the last, unused, pointer.
    /** uc_cb_insn_syscall_t: void (uc_engine*, void*). */
    static final FunctionDescriptor CB_SYSCALL = FunctionDescriptor.ofVoid(ADDRESS, ADDRESS);
    /** uc_cb_insn_cpuid_t: int (uc_engine*, void*); non-zero skips Unicorn's own cpuid. */
    static final FunctionDescriptor CB_CPUID = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
    /** uc_cb_eventmem_t: bool (uc_engine*, uc_mem_type, uint64 address, int size, int64 value, void*). */
    static final FunctionDescriptor CB_EVENTMEM = FunctionDescriptor.of(JAVA_BOOLEAN,
            ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS);
    /** uc_cb_hookintr_t: void (uc_engine*, uint32 intno, void*). */
    static final FunctionDescriptor CB_INTR = FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS);
    /** uc_cb_hookinsn_invalid_t: bool (uc_engine*, void*). */
    static final FunctionDescriptor CB_INSN_INVALID = FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, ADDRESS);
    /** uc_cb_hookcode_t: void (uc_engine*, uint64 address, uint32 size, void*). */
    static final FunctionDescriptor CB_CODE = FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS);

    private static final String[] MESSAGES = new String[32];

    /** uc_emu_stop's address, for native code that calls it itself. */
    static final MemorySegment EMU_STOP_ADDRESS = LIB.find("uc_emu_stop").orElseThrow();

    private static MethodHandle h(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment fn = LIB.find(name).orElseThrow(() -> new IllegalStateException(
                UnicornLibrary.current() + " has no " + name));
        return LINKER.downcallHandle(fn, fd, options);
    }

    /** Unicorn's own text for {@code code}, e.g. "Invalid argument (UC_ERR_ARG)". */
    static String strerror(int code) {
        if (!UnicornLibrary.isLoaded()) return "uc_err " + code;
        if (code >= 0 && code < MESSAGES.length && MESSAGES[code] != null) return MESSAGES[code];
        String s;
        try {
            MemorySegment p = (MemorySegment) STRERROR.invokeExact(code);
            s = p.equals(MemorySegment.NULL) ? "uc_err " + code : p.reinterpret(256).getString(0);
        } catch (Throwable t) {
            s = "uc_err " + code;
        }
        if (code >= 0 && code < MESSAGES.length) MESSAGES[code] = s;
        return s;
    }
}
