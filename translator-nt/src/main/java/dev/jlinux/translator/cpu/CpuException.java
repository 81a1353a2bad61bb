// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.cpu;

/**
 * A failure of the CPU engine: a Unicorn call returned an error (the message is the operation plus
 * Unicorn's own {@code uc_strerror} text, e.g. {@code "uc_mem_map(0x400000, 0x1000): Invalid argument
 * (UC_ERR_ARG)"}), a hook threw (the throwable is the cause), or the library could not be loaded.
 */
public final class CpuException extends Exception {
    private static final long serialVersionUID = 1L;

    /** {@link #code()} of a failure that did not come from a Unicorn call. */
    public static final int NOT_UNICORN = -1;

    // uc_err values (unicorn.h, enum uc_err), for callers that branch on the reason.
    public static final int ERR_OK = 0;
    public static final int ERR_NOMEM = 1;
    public static final int ERR_ARCH = 2;
    public static final int ERR_HANDLE = 3;
    public static final int ERR_MODE = 4;
    public static final int ERR_VERSION = 5;
    public static final int ERR_READ_UNMAPPED = 6;
    public static final int ERR_WRITE_UNMAPPED = 7;
    public static final int ERR_FETCH_UNMAPPED = 8;
    public static final int ERR_HOOK = 9;
    public static final int ERR_INSN_INVALID = 10;
    public static final int ERR_MAP = 11;
    public static final int ERR_WRITE_PROT = 12;
    public static final int ERR_READ_PROT = 13;
    public static final int ERR_FETCH_PROT = 14;
    public static final int ERR_ARG = 15;
    public static final int ERR_READ_UNALIGNED = 16;
    public static final int ERR_WRITE_UNALIGNED = 17;
    public static final int ERR_FETCH_UNALIGNED = 18;
    public static final int ERR_HOOK_EXIST = 19;
    public static final int ERR_RESOURCE = 20;
    public static final int ERR_EXCEPTION = 21;
    public static final int ERR_OVERFLOW = 22;

    private final int code;

    /** A Unicorn error: {@code operation} failed with {@code uc_err} {@code code}. */
    CpuException(String operation, int code) {
        super(operation + ": " + Uc.strerror(code));
        this.code = code;
    }

    /** A failure that is not a Unicorn error code. */
    public CpuException(String message) {
        super(message);
        this.code = NOT_UNICORN;
    }

    /** A failure caused by {@code cause} (a hook that threw, a library that would not load). */
    public CpuException(String message, Throwable cause) {
        super(message, cause);
        this.code = NOT_UNICORN;
    }

    /** The {@code uc_err} code, or {@link #NOT_UNICORN}. */
    public int code() {
        return code;
    }

    /** True when this is Unicorn's error {@code ucErr} (one of the {@code ERR_*} constants). */
    public boolean is(int ucErr) {
        return code == ucErr;
    }
}
