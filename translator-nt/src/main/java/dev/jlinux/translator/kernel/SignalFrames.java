// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import static dev.jlinux.syscalls.SigFrame.*;
import static dev.jlinux.syscalls.Signals.*;

import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.translator.cpu.Cpu;
import dev.jlinux.translator.cpu.CpuException;
import dev.jlinux.translator.cpu.Reg;
import dev.jlinux.translator.cpu.X86State;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds and unwinds x86-64 signal frames as arch/x86/kernel/signal.c and signal_64.c do: below
 * the red zone (or on the alternate stack), a 64-byte aligned fxsave area, then the
 * {@code rt_sigframe} aligned so that the handler starts as if called; the handler gets a clean
 * FPU, and rt_sigreturn restores everything from the (possibly edited) frame.
 */
final class SignalFrames {
    /** The general registers in sigcontext order, then rip and rflags. */
    private static final Reg[] GPRS = {Reg.R8, Reg.R9, Reg.R10, Reg.R11, Reg.R12, Reg.R13, Reg.R14, Reg.R15,
        Reg.RDI, Reg.RSI, Reg.RBP, Reg.RBX, Reg.RDX, Reg.RAX, Reg.RCX, Reg.RSP, Reg.RIP, Reg.RFLAGS};
    private static final int RSP_INDEX = 15, RIP_INDEX = 16, RFLAGS_INDEX = 17;
    private static final Reg[] FPU = {Reg.FPCW, Reg.FPSW, Reg.FPTAG, Reg.FOP, Reg.FIP, Reg.FDP, Reg.MXCSR};
    private static final Reg[] HANDLER_ENTRY = {Reg.RDI, Reg.RSI, Reg.RDX, Reg.RAX, Reg.RSP, Reg.RIP, Reg.RFLAGS,
        Reg.FPCW, Reg.FPSW, Reg.FPTAG, Reg.MXCSR};
    /** The x86 red zone the handler's frame must not overwrite. */
    private static final long RED_ZONE = 128;
    private static final long X86_EFLAGS_TF = 0x100, X86_EFLAGS_DF = 0x400, X86_EFLAGS_RF = 0x10000;
    /** The flags sigreturn takes from the frame (signal.c FIX_EFLAGS). */
    private static final long FIX_EFLAGS = 0x50dd5;
    private static final long USER_CS = 0x33, USER_DS = 0x2b;
    /** Page fault, the trap number a SIGSEGV from a bad access reports. */
    private static final long X86_TRAP_PF = 14;

    private SignalFrames() {}

    /** Sets up the frame and registers for {@code sig}'s handler; false when the frame cannot be written. */
    static boolean setup(GuestProcess p, int sig, SigInfo info, SigAction a, long oldMask) throws CpuException {
        if ((a.flags() & SA_RESTORER) == 0) return false; // x86-64 has no vDSO fallback in jlinux
        Cpu cpu = p.cpu();
        long[] r = new long[GPRS.length];
        cpu.readRegisters(GPRS, r);
        long rsp = r[RSP_INDEX];
        long sp = rsp - RED_ZONE;
        boolean toAltStack = (a.flags() & SA_ONSTACK) != 0 && (p.altStackFlags(rsp) & (SS_DISABLE | SS_ONSTACK)) == 0;
        if (toAltStack) sp = p.altStackAddr() + p.altStackSize();
        sp = (sp - FXSAVE_SIZE) & -64L;
        long fpAddr = sp;
        long frame = ((sp - RT_SIGFRAME_SIZE) & -16L) - 8;

        ByteBuffer b = ByteBuffer.allocate(RT_SIGFRAME_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(PRETCODE, a.restorer());
        b.putLong(UC + UC_FLAGS, UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS);
        b.putLong(UC + UC_STACK + SS_SP, p.altStackAddr());
        b.putInt(UC + UC_STACK + SS_FLAGS, p.altStackRawFlags());
        b.putLong(UC + UC_STACK + SS_SIZE, p.altStackSize());
        int sc = UC + UC_MCONTEXT;
        for (int i = 0; i < GPRS.length; i++) b.putLong(sc + 8 * i, r[i]); // r8 .. rflags in sigcontext order
        b.putShort(sc + SC_CS, (short) USER_CS);
        b.putShort(sc + SC_SS, (short) USER_DS);
        if ((info.signo() == SIGSEGV || info.signo() == SIGBUS) && info.addr() != 0) {
            b.putLong(sc + SC_TRAPNO, X86_TRAP_PF);
            b.putLong(sc + SC_CR2, info.addr());
        }
        b.putLong(sc + SC_OLDMASK, oldMask);
        b.putLong(sc + SC_FPSTATE, fpAddr);
        b.putLong(UC + UC_SIGMASK, oldMask);
        b.put(INFO, info.bytes());
        try {
            p.memory().write(fpAddr, fxsave(cpu));
            p.memory().write(frame, b.array());
        } catch (ErrnoException e) {
            return false;
        }
        if ((p.altStackRawFlags() & SS_AUTODISARM) != 0) p.setAltStack(0, 0, 0); // saved in the frame, restored by sigreturn
        long flags = r[RFLAGS_INDEX] & ~(X86_EFLAGS_DF | X86_EFLAGS_TF | X86_EFLAGS_RF);
        cpu.writeRegisters(HANDLER_ENTRY, new long[] {sig, frame + INFO, frame + UC, 0, frame, a.handler(), flags,
            X86State.FCW_DEFAULT, 0, 0xffff, X86State.MXCSR_DEFAULT});
        for (int n = 0; n < 16; n++) cpu.writeXmm(n, 0, 0);
        return true;
    }

    /** rt_sigreturn: restores registers, mask, FPU state and alternate stack from the frame at rsp - 8. */
    static boolean restore(GuestProcess p) throws CpuException {
        Cpu cpu = p.cpu();
        long frame = cpu.readRegister(Reg.RSP) - 8;
        ByteBuffer b;
        byte[] fx = null;
        try {
            b = ByteBuffer.wrap(p.memory().read(frame, RT_SIGFRAME_SIZE)).order(ByteOrder.LITTLE_ENDIAN);
            long fpAddr = b.getLong(UC + UC_MCONTEXT + SC_FPSTATE);
            if (fpAddr != 0) fx = p.memory().read(fpAddr, FXSAVE_SIZE);
        } catch (ErrnoException e) {
            return false;
        }
        int sc = UC + UC_MCONTEXT;
        long[] r = new long[GPRS.length];
        for (int i = 0; i < GPRS.length; i++) r[i] = b.getLong(sc + 8 * i);
        long current = cpu.readRegister(Reg.RFLAGS);
        r[RFLAGS_INDEX] = (current & ~FIX_EFLAGS) | (r[RFLAGS_INDEX] & FIX_EFLAGS);
        cpu.writeRegisters(GPRS, r);
        if (fx != null) restoreFx(cpu, fx);
        p.setBlocked(b.getLong(UC + UC_SIGMASK));
        // restore_altstack: do_sigaltstack with the saved stack; its errors (EPERM on the stack, ENOMEM) are ignored.
        int ssFlags = b.getInt(UC + UC_STACK + SS_FLAGS);
        long ssSize = b.getLong(UC + UC_STACK + SS_SIZE);
        if (!p.onAltStack(r[RSP_INDEX])) {
            if ((ssFlags & ~SS_AUTODISARM) == SS_DISABLE) {
                p.setAltStack(0, 0, ssFlags);
            } else if (ssSize >= MINSIGSTKSZ) {
                p.setAltStack(b.getLong(UC + UC_STACK + SS_SP), ssSize, ssFlags);
            }
        }
        return true;
    }

    /** The FPU and SSE state as fxsave stores it. */
    private static byte[] fxsave(Cpu cpu) throws CpuException {
        long[] f = new long[FPU.length];
        cpu.readRegisters(FPU, f);
        ByteBuffer b = ByteBuffer.allocate(FXSAVE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(FX_CWD, (short) f[0]).putShort(FX_SWD, (short) f[1]);
        int abridged = 0;
        for (int i = 0; i < 8; i++) {
            if (((f[2] >> (2 * i)) & 3) != 3) abridged |= 1 << i;
        }
        b.put(FX_FTW, (byte) abridged);
        b.putShort(FX_FOP, (short) f[3]).putLong(FX_RIP, f[4]).putLong(FX_RDP, f[5]);
        b.putInt(FX_MXCSR, (int) f[6]).putInt(FX_MXCSR_MASK, MXCSR_MASK_DEFAULT);
        int top = (int) (f[1] >> 11) & 7;
        for (int i = 0; i < 8; i++) b.put(FX_ST + 16 * i, cpu.readX87((top + i) & 7));
        long[] xmm = new long[2];
        for (int n = 0; n < 16; n++) {
            cpu.readXmm(n, xmm);
            b.putLong(FX_XMM + 16 * n, xmm[0]).putLong(FX_XMM + 16 * n + 8, xmm[1]);
        }
        return b.array();
    }

    private static void restoreFx(Cpu cpu, byte[] fx) throws CpuException {
        ByteBuffer b = ByteBuffer.wrap(fx).order(ByteOrder.LITTLE_ENDIAN);
        int fsw = b.getShort(FX_SWD) & 0xffff;
        int abridged = b.get(FX_FTW) & 0xff;
        long tag = 0;
        for (int i = 0; i < 8; i++) {
            if ((abridged & (1 << i)) == 0) tag |= 3L << (2 * i);
        }
        cpu.writeRegisters(FPU, new long[] {b.getShort(FX_CWD) & 0xffff, fsw, tag, b.getShort(FX_FOP) & 0xffff,
            b.getLong(FX_RIP), b.getLong(FX_RDP), b.getInt(FX_MXCSR) & MXCSR_MASK_DEFAULT});
        int top = (fsw >> 11) & 7;
        for (int i = 0; i < 8; i++) {
            byte[] st = new byte[10];
            b.get(FX_ST + 16 * i, st);
            cpu.writeX87((top + i) & 7, st);
        }
        for (int n = 0; n < 16; n++) cpu.writeXmm(n, b.getLong(FX_XMM + 16 * n), b.getLong(FX_XMM + 16 * n + 8));
    }
}
