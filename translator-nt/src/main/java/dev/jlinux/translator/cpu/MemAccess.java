// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.cpu;

/**
 * The kind of a memory access Unicorn reports ({@code uc_mem_type} in unicorn.h). The invalid-memory
 * hook sees only the {@code *_UNMAPPED} and {@code *_PROT} kinds.
 */
public enum MemAccess {
    READ(16), WRITE(17), FETCH(18),
    READ_UNMAPPED(19), WRITE_UNMAPPED(20), FETCH_UNMAPPED(21),
    WRITE_PROT(22), READ_PROT(23), FETCH_PROT(24),
    READ_AFTER(25);

    private static final MemAccess[] BY_CODE = new MemAccess[32];

    static {
        for (MemAccess a : values()) BY_CODE[a.code] = a;
    }

    private final int code;

    MemAccess(int code) {
        this.code = code;
    }

    /** Unicorn's {@code uc_mem_type} value. */
    public int ucCode() {
        return code;
    }

    /** The access for a {@code uc_mem_type} value. */
    public static MemAccess of(int ucCode) {
        MemAccess a = ucCode >= 0 && ucCode < BY_CODE.length ? BY_CODE[ucCode] : null;
        if (a == null) throw new IllegalArgumentException("uc_mem_type " + ucCode);
        return a;
    }

    public boolean isRead() {
        return this == READ || this == READ_UNMAPPED || this == READ_PROT || this == READ_AFTER;
    }

    public boolean isWrite() {
        return this == WRITE || this == WRITE_UNMAPPED || this == WRITE_PROT;
    }

    public boolean isFetch() {
        return this == FETCH || this == FETCH_UNMAPPED || this == FETCH_PROT;
    }

    /** Nothing is mapped at the address (Linux: SIGSEGV with SEGV_MAPERR). */
    public boolean isUnmapped() {
        return this == READ_UNMAPPED || this == WRITE_UNMAPPED || this == FETCH_UNMAPPED;
    }

    /** Mapped, but the protection forbids the access (Linux: SIGSEGV with SEGV_ACCERR). */
    public boolean isProtection() {
        return this == READ_PROT || this == WRITE_PROT || this == FETCH_PROT;
    }
}
