/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Checks the initial process state a loader builds: argc/argv/envp, the auxiliary vector and the
 * layout of the initial stack, as Linux's fs/binfmt_elf.c create_elf_tables() lays it out.
 *
 * Prints argc and argv[1..] (so a harness can pass arguments with spaces or UTF-8), the basename
 * of argv[0], and whether JLINUX_TEST=1 is in the environment. Everything else is a verdict.
 */
#include <elf.h>
#include <link.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "tap.h"

extern char **environ;
extern char _start[];
extern const Elf64_Ehdr __ehdr_start __attribute__((visibility("hidden")));

struct phdr_seen {
    int calls;
    uintptr_t first_phdr;
    int first_phnum;
    uintptr_t first_addr;
};

static int on_object(struct dl_phdr_info *info, size_t size, void *data)
{
    struct phdr_seen *seen = data;
    (void)size;
    if (seen->calls++ == 0) {
        seen->first_phdr = (uintptr_t)info->dlpi_phdr;
        seen->first_phnum = info->dlpi_phnum;
        seen->first_addr = info->dlpi_addr;
    }
    return 0;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t ls = strlen(s), lx = strlen(suffix);
    return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

int main(int argc, char **argv, char **envp)
{
    tap_init();

    /* What the caller passed, deterministic given the caller. */
    note("argc=%d", argc);
    note("argv[0] basename=%s", argc > 0 && argv[0] ? base_name(argv[0]) : "(none)");
    for (int i = 1; i < argc; i++)
        note("argv[%d]=[%s]", i, argv[i]);
    const char *jt = getenv("JLINUX_TEST");
    note("JLINUX_TEST=1 %s", jt != NULL && strcmp(jt, "1") == 0 ? "present" : "absent");

    /* argv and envp. */
    ok(argc >= 1, "argc >= 1");
    ok(argv[argc] == NULL, "argv[argc] is NULL");
    ok(envp == argv + argc + 1, "envp follows argv's terminating NULL");
    ok(environ == envp, "environ == envp");
    ok((uintptr_t)argv % 16 == 8, "argv is at initial rsp + 8 with rsp 16-byte aligned");

    int contiguous = 1;
    for (int i = 0; i + 1 < argc; i++)
        if (argv[i + 1] != argv[i] + strlen(argv[i]) + 1)
            contiguous = 0;
    ok(contiguous, "argv strings are contiguous");

    int envc = 0;
    while (envp[envc] != NULL)
        envc++;
    int env_contiguous = 1;
    if (envc > 0 && argc > 0 && envp[0] != argv[argc - 1] + strlen(argv[argc - 1]) + 1)
        env_contiguous = 0;
    for (int i = 0; i + 1 < envc; i++)
        if (envp[i + 1] != envp[i] + strlen(envp[i]) + 1)
            env_contiguous = 0;
    ok(env_contiguous, "envp strings are contiguous and follow the argv strings");

    /* The auxiliary vector sits right after envp's NULL; compare a walk with getauxval(). */
    Elf64_auxv_t *auxv = (Elf64_auxv_t *)(envp + envc + 1);
    unsigned long walked_pagesz = 0, walked_entry = 0;
    int auxc = 0, last_is_null = 0;
    for (Elf64_auxv_t *a = auxv; auxc < 64; a++, auxc++) {
        if (a->a_type == AT_NULL) {
            last_is_null = 1;
            break;
        }
        if (a->a_type == AT_PAGESZ)
            walked_pagesz = a->a_un.a_val;
        if (a->a_type == AT_ENTRY)
            walked_entry = a->a_un.a_val;
    }
    ok(last_is_null, "auxv after envp ends with AT_NULL");
    ok(walked_pagesz == getauxval(AT_PAGESZ), "walked auxv AT_PAGESZ matches getauxval");
    ok(walked_entry == getauxval(AT_ENTRY), "walked auxv AT_ENTRY matches getauxval");

    is_long((long long)getauxval(AT_PAGESZ), 4096, "AT_PAGESZ == 4096");
    is_long(sysconf(_SC_PAGESIZE), 4096, "sysconf(_SC_PAGESIZE) == 4096");
    is_long((long long)getauxval(AT_PHENT), sizeof(Elf64_Phdr), "AT_PHENT == sizeof(Elf64_Phdr)");
    is_long((long long)getauxval(AT_BASE), 0, "AT_BASE == 0 (no interpreter)");
    is_long((long long)getauxval(AT_SECURE), 0, "AT_SECURE == 0");
    is_long((long long)getauxval(AT_CLKTCK), 100, "AT_CLKTCK == 100");
    is_long((long long)getauxval(AT_UID), getuid(), "AT_UID == getuid()");
    is_long((long long)getauxval(AT_EUID), geteuid(), "AT_EUID == geteuid()");
    is_long((long long)getauxval(AT_GID), getgid(), "AT_GID == getgid()");
    is_long((long long)getauxval(AT_EGID), getegid(), "AT_EGID == getegid()");
    is_str((const char *)getauxval(AT_PLATFORM), "x86_64", "AT_PLATFORM");

    /* AT_RANDOM: 16 bytes on the stack, below the argv strings and above the auxv. */
    const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
    ok(rnd != NULL, "AT_RANDOM is non-null");
    if (rnd != NULL) {
        int nonzero = 0;
        for (int i = 0; i < 16; i++)
            nonzero |= rnd[i];
        ok(nonzero, "AT_RANDOM bytes are not all zero");
        ok((uintptr_t)rnd > (uintptr_t)(auxv + auxc) && (uintptr_t)rnd + 16 <= (uintptr_t)argv[0],
           "AT_RANDOM lies between the auxv and the argv strings");
    } else {
        ok(0, "AT_RANDOM bytes are not all zero");
        ok(0, "AT_RANDOM lies between the auxv and the argv strings");
    }

    /* AT_EXECFN: the path given to execve(). */
    const char *execfn = (const char *)getauxval(AT_EXECFN);
    if (execfn == NULL) {
        ok(0, "AT_EXECFN matches argv[0]");
    } else if (strchr(argv[0], '/') != NULL) {
        is_str(execfn, argv[0], "AT_EXECFN equals argv[0] (run by path)");
    } else {
        char suffix[4096];
        snprintf(suffix, sizeof suffix, "/%s", argv[0]);
        ok(ends_with(execfn, suffix), "AT_EXECFN ends with /argv[0] (run via PATH)");
    }
    ok(execfn != NULL && (uintptr_t)execfn > (uintptr_t)argv[0], "AT_EXECFN string lies above the argv strings");

    /* The program headers as the kernel reports them vs. as the linker laid them out. */
    const Elf64_Ehdr *eh = &__ehdr_start;
    ok(memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0, "__ehdr_start points at an ELF header");
    uintptr_t phdr_addr = (uintptr_t)eh + eh->e_phoff;
    ok(getauxval(AT_PHDR) == phdr_addr, "AT_PHDR == __ehdr_start + e_phoff");
    is_long((long long)getauxval(AT_PHNUM), eh->e_phnum, "AT_PHNUM == e_phnum");

    const Elf64_Phdr *ph = (const Elf64_Phdr *)phdr_addr;
    uintptr_t lowest = UINTPTR_MAX;
    int have_load = 0;
    for (int i = 0; i < eh->e_phnum; i++)
        if (ph[i].p_type == PT_LOAD && ph[i].p_vaddr < lowest) {
            lowest = ph[i].p_vaddr & ~(uintptr_t)4095;
            have_load = 1;
        }
    uintptr_t bias = (uintptr_t)eh - lowest;
    ok(have_load, "program headers contain PT_LOAD");
    if (eh->e_type == ET_EXEC)
        ok(bias == 0, "ET_EXEC is loaded at its link address");
    else
        ok(bias % 4096 == 0 && bias != 0, "ET_DYN is loaded at a page-aligned nonzero bias");
    ok(getauxval(AT_ENTRY) == eh->e_entry + bias, "AT_ENTRY == e_entry + load bias");
    ok(getauxval(AT_ENTRY) == (uintptr_t)_start, "AT_ENTRY == &_start");

    struct phdr_seen seen = { 0 };
    dl_iterate_phdr(on_object, &seen);
    ok(seen.calls >= 1, "dl_iterate_phdr reports at least one object");
    ok(seen.first_phdr == getauxval(AT_PHDR), "dl_iterate_phdr's first object has AT_PHDR");
    is_long(seen.first_phnum, (long long)getauxval(AT_PHNUM), "dl_iterate_phdr's first object has AT_PHNUM");
    ok(seen.first_addr == bias, "dl_iterate_phdr's load address == load bias");

    /* Stack alignment in main: the frame address is 16-byte aligned under the SysV ABI. */
    ok((uintptr_t)__builtin_frame_address(0) % 16 == 0, "frame address in main is 16-byte aligned");
    ok((uintptr_t)argv > (uintptr_t)__builtin_frame_address(0), "argv lies above main's frame");

    return tap_done();
}
