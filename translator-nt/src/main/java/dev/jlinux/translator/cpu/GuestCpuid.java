// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.cpu;

import java.nio.charset.StandardCharsets;

/**
 * The CPU the guest is told about. Unicorn's own {@code cpuid} answers for its CPU model, which
 * advertises features its TCG executes wrongly (measured on 2.1.1: VEX-encoded AVX instructions
 * decode but ignore their second source register; BMI2's {@code pdep}/{@code pext}/{@code bzhi}
 * give wrong results). So every {@code cpuid} is answered here from a fixed table that
 * advertises x86-64-v2 and nothing past it: SSE3, SSSE3, SSE4.1, SSE4.2, POPCNT, CMPXCHG16B and
 * LAHF/SAHF in 64-bit mode, on top of the x86-64 baseline (x87, CMOV, CX8, FXSR, MMX, SSE, SSE2,
 * SYSCALL, NX, LM). No XSAVE/OSXSAVE (so no AVX state), no leaf-7 extensions. {@link #hwcap()}
 * agrees with leaf 1 as Linux's {@code AT_HWCAP} does on x86.
 *
 * <p>The table is a family-6 Intel part with deterministic cache parameters (leaf 4) so that libc
 * tunes its string functions as on a real machine. Leaves above the maximum answer zero.
 */
public final class GuestCpuid {
    /** CPUID.1:EDX: FPU VME DE PSE TSC MSR PAE MCE CX8 APIC SEP MTRR PGE MCA CMOV PAT PSE36 CLFSH MMX FXSR SSE SSE2. */
    static final int LEAF1_EDX = 0x078bfbff;
    /** CPUID.1:ECX: SSE3 (0), SSSE3 (9), CX16 (13), SSE4.1 (19), SSE4.2 (20), POPCNT (23). */
    static final int LEAF1_ECX = 1 | 1 << 9 | 1 << 13 | 1 << 19 | 1 << 20 | 1 << 23;
    /** CPUID.80000001h:ECX: LAHF_LM (0). */
    static final int EXT1_ECX = 1;
    /** CPUID.80000001h:EDX: SYSCALL (11), NX (20), LM (29). */
    static final int EXT1_EDX = 1 << 11 | 1 << 20 | 1 << 29;

    static final int MAX_BASIC = 7;
    static final int MAX_EXTENDED = 0x80000008;
    private static final String BRAND = "jlinux virtual x86-64-v2 CPU (Unicorn TCG)";

    private static final Reg[] IN = {Reg.RAX, Reg.RCX};
    private static final Reg[] OUT = {Reg.RAX, Reg.RBX, Reg.RCX, Reg.RDX};

    private GuestCpuid() {}

    /** Answers every {@code cpuid} the guest executes on {@code cpu} from the table. */
    public static CpuHook install(Cpu cpu) throws CpuException {
        long[] in = new long[IN.length];
        long[] out = new long[OUT.length];
        int[] regs = new int[4];
        return cpu.onCpuid(c -> {
            c.readRegisters(IN, in);
            answer((int) in[0], (int) in[1], regs);
            for (int i = 0; i < 4; i++) out[i] = Integer.toUnsignedLong(regs[i]);
            c.writeRegisters(OUT, out);
            return true;
        });
    }

    /** The {@code AT_HWCAP} Linux reports on x86: CPUID.1:EDX. */
    public static long hwcap() {
        return Integer.toUnsignedLong(LEAF1_EDX);
    }

    /** The {@code AT_HWCAP2}: no RING3MWAIT, no FSGSBASE (leaf 7 advertises nothing). */
    public static long hwcap2() {
        return 0;
    }

    /** Fills {@code r} with EAX, EBX, ECX, EDX for {@code leaf} and {@code subleaf}. */
    static void answer(int leaf, int subleaf, int[] r) {
        r[0] = r[1] = r[2] = r[3] = 0;
        switch (leaf) {
            case 0 -> {
                r[0] = MAX_BASIC;
                r[1] = word("Genu");
                r[3] = word("ineI");
                r[2] = word("ntel");
            }
            case 1 -> {
                r[0] = 0x000506e3; // family 6, model 0x5e, stepping 3
                r[1] = 8 << 8 | 1 << 16; // CLFLUSH line 8 * 8 bytes, one logical processor, APIC id 0
                r[2] = LEAF1_ECX;
                r[3] = LEAF1_EDX;
            }
            case 2 -> r[0] = 0x0000ff01; // one round; descriptor 0xff: "see leaf 4"
            case 4 -> cacheLeaf(subleaf, r);
            case 0x80000000 -> r[0] = MAX_EXTENDED;
            case 0x80000001 -> {
                r[2] = EXT1_ECX;
                r[3] = EXT1_EDX;
            }
            case 0x80000002, 0x80000003, 0x80000004 -> brand(leaf - 0x80000002, r);
            case 0x80000006 -> r[2] = 256 << 16 | 0x6 << 12 | 64; // L2: 256 KiB, 8-way, 64-byte lines
            case 0x80000008 -> r[0] = 48 << 8 | 39; // 48 virtual, 39 physical address bits
            default -> { } // leaves 3, 5-7 and anything above the maximum: all zero
        }
    }

    /** Leaf 4: 32 KiB 8-way L1d and L1i, 256 KiB 4-way L2, 8 MiB 16-way inclusive L3; 64-byte lines. */
    private static void cacheLeaf(int subleaf, int[] r) {
        int type, level, ways, size;
        switch (subleaf) {
            case 0 -> { type = 1; level = 1; ways = 8; size = 32 << 10; }
            case 1 -> { type = 2; level = 1; ways = 8; size = 32 << 10; }
            case 2 -> { type = 3; level = 2; ways = 4; size = 256 << 10; }
            case 3 -> { type = 3; level = 3; ways = 16; size = 8 << 20; }
            default -> { return; } // type 0: no more caches
        }
        int line = 64;
        r[0] = type | level << 5 | 1 << 8; // self-initialising; one thread and one core share it
        r[1] = (ways - 1) << 22 | (line - 1);
        r[2] = size / (ways * line) - 1;
        r[3] = level == 3 ? 2 : 0; // inclusive L3
    }

    private static void brand(int part, int[] r) {
        byte[] b = new byte[48];
        byte[] text = BRAND.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, b, 0, Math.min(text.length, 47));
        for (int i = 0; i < 4; i++) {
            int at = part * 16 + i * 4;
            r[i] = (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
        }
    }

    private static int word(String four) {
        byte[] b = four.getBytes(StandardCharsets.US_ASCII);
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }
}
