/* Guest program for a real Nanos VM (and, natively, test/crypto/guest.test.ts): keeps values in
 * all sixteen vector registers (YMM where the OS enabled AVX state, XMM otherwise) across console
 * writes and busy loops, and checks them afterwards. While it runs, the klibs encrypt and hash in
 * kernel context with vector registers of their own: inside its write syscalls (the console
 * path), and after timer and network interrupts that stop it in its loops. Any register the kernel
 * did not save and restore around that shows up here.
 *
 *   vector_registers [LINES] [SPIN] [LINE_BYTES] [corrupt]
 *
 * Prints "line I of N xxx..." LINES times (padded to LINE_BYTES), each with one write(2) between
 * SPIN-iteration loops, all inside one asm block that loads the registers first and stores them
 * last; then a summary, then "@@GUEST-EXIT status=S lines=N" (S is 1 when a register changed).
 * "corrupt" changes xmm7 inside the block on the last write: the check must catch it.
 * Static, built with gcc: gcc -static -O2 -o vector_registers vector_registers.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cpuid.h>

static int avx_usable(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_OSXSAVE) || !(c & bit_AVX))
        return 0;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (lo & 6) == 6;
}

/* 16 registers of 32 bytes; only the low 16 bytes of each without AVX. */
static unsigned char want[16][32], got[16][32];

static void fill(unsigned long i)
{
    for (int r = 0; r < 16; r++)
        for (int k = 0; k < 32; k++)
            want[r][k] = (unsigned char)(i * 131 + r * 17 + k * 7 + (i >> 8) * 3 + 1);
}

#define SPIN_LOOP "mov %[spin], %%rcx\n1: dec %%rcx\n jnz 1b\n"
/* The negative control: changes xmm7 (its low half) when asked to. */
#define MAYBE_CORRUPT "test %[corrupt], %[corrupt]\n jz 2f\n pcmpeqb %%xmm7, %%xmm7\n2:\n"
#define WRITE "mov $1, %%eax\n mov $1, %%edi\n mov %[buf], %%rsi\n mov %[len], %%rdx\n syscall\n"
#define CLOBBERS "rax", "rcx", "rdx", "rsi", "rdi", "r11", "memory", "cc", \
    "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", \
    "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15"

#define EACH(op, base) \
    op " 0*32+" base ", %%ymm0\n " op " 1*32+" base ", %%ymm1\n " op " 2*32+" base ", %%ymm2\n " \
    op " 3*32+" base ", %%ymm3\n " op " 4*32+" base ", %%ymm4\n " op " 5*32+" base ", %%ymm5\n " \
    op " 6*32+" base ", %%ymm6\n " op " 7*32+" base ", %%ymm7\n " op " 8*32+" base ", %%ymm8\n " \
    op " 9*32+" base ", %%ymm9\n " op " 10*32+" base ", %%ymm10\n " op " 11*32+" base ", %%ymm11\n " \
    op " 12*32+" base ", %%ymm12\n " op " 13*32+" base ", %%ymm13\n " op " 14*32+" base ", %%ymm14\n " \
    op " 15*32+" base ", %%ymm15\n"
#define EACH_OUT(op, base) \
    op " %%ymm0, 0*32+" base "\n " op " %%ymm1, 1*32+" base "\n " op " %%ymm2, 2*32+" base "\n " \
    op " %%ymm3, 3*32+" base "\n " op " %%ymm4, 4*32+" base "\n " op " %%ymm5, 5*32+" base "\n " \
    op " %%ymm6, 6*32+" base "\n " op " %%ymm7, 7*32+" base "\n " op " %%ymm8, 8*32+" base "\n " \
    op " %%ymm9, 9*32+" base "\n " op " %%ymm10, 10*32+" base "\n " op " %%ymm11, 11*32+" base "\n " \
    op " %%ymm12, 12*32+" base "\n " op " %%ymm13, 13*32+" base "\n " op " %%ymm14, 14*32+" base "\n " \
    op " %%ymm15, 15*32+" base "\n"
#define EACH_X(op, base) \
    op " 0*32+" base ", %%xmm0\n " op " 1*32+" base ", %%xmm1\n " op " 2*32+" base ", %%xmm2\n " \
    op " 3*32+" base ", %%xmm3\n " op " 4*32+" base ", %%xmm4\n " op " 5*32+" base ", %%xmm5\n " \
    op " 6*32+" base ", %%xmm6\n " op " 7*32+" base ", %%xmm7\n " op " 8*32+" base ", %%xmm8\n " \
    op " 9*32+" base ", %%xmm9\n " op " 10*32+" base ", %%xmm10\n " op " 11*32+" base ", %%xmm11\n " \
    op " 12*32+" base ", %%xmm12\n " op " 13*32+" base ", %%xmm13\n " op " 14*32+" base ", %%xmm14\n " \
    op " 15*32+" base ", %%xmm15\n"
#define EACH_X_OUT(op, base) \
    op " %%xmm0, 0*32+" base "\n " op " %%xmm1, 1*32+" base "\n " op " %%xmm2, 2*32+" base "\n " \
    op " %%xmm3, 3*32+" base "\n " op " %%xmm4, 4*32+" base "\n " op " %%xmm5, 5*32+" base "\n " \
    op " %%xmm6, 6*32+" base "\n " op " %%xmm7, 7*32+" base "\n " op " %%xmm8, 8*32+" base "\n " \
    op " %%xmm9, 9*32+" base "\n " op " %%xmm10, 10*32+" base "\n " op " %%xmm11, 11*32+" base "\n " \
    op " %%xmm12, 12*32+" base "\n " op " %%xmm13, 13*32+" base "\n " op " %%xmm14, 14*32+" base "\n " \
    op " %%xmm15, 15*32+" base "\n"

/* Loads the registers, spins, writes the line, spins, stores the registers. */
static void write_holding_ymm(const char *buf, long len, long spin, long corrupt)
{
    __asm__ volatile(EACH("vmovdqu", "%[in]") SPIN_LOOP WRITE SPIN_LOOP MAYBE_CORRUPT EACH_OUT("vmovdqu", "%[out]") "vzeroupper\n"
                     : [out] "=m"(got)
                     : [in] "m"(want), [buf] "r"(buf), [len] "r"(len), [spin] "r"(spin), [corrupt] "r"(corrupt)
                     : CLOBBERS);
}

static void write_holding_xmm(const char *buf, long len, long spin, long corrupt)
{
    __asm__ volatile(EACH_X("movdqu", "%[in]") SPIN_LOOP WRITE SPIN_LOOP MAYBE_CORRUPT EACH_X_OUT("movdqu", "%[out]")
                     : [out] "=m"(got)
                     : [in] "m"(want), [buf] "r"(buf), [len] "r"(len), [spin] "r"(spin), [corrupt] "r"(corrupt)
                     : CLOBBERS);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000;
    long spin = argc > 2 ? atol(argv[2]) : 2000;
    long bytes = argc > 3 ? atol(argv[3]) : 100;
    int corrupt = argc > 4 && strcmp(argv[4], "corrupt") == 0;
    int avx = avx_usable();
    unsigned a = 0, b = 0, c = 0, d = 0, sha = 0, avx2 = 0;
    __get_cpuid(1, &a, &b, &c, &d);
    int aes = !!(c & bit_AES), pclmul = !!(c & bit_PCLMUL);
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
        sha = !!(b & bit_SHA);
        avx2 = !!(b & bit_AVX2);
    }
    printf("vector-guest: cpu aes=%d pclmulqdq=%d sha_ni=%d avx=%d avx2=%d; holding %s0-15 across %ld writes\n",
           aes, pclmul, sha, avx, avx2, avx ? "ymm" : "xmm", n);
    fflush(stdout);

    long width = avx ? 32 : 16, mismatches = 0, first = 0, first_reg = -1;
    char line[4096];
    for (long i = 1; i <= n; i++) {
        int len = snprintf(line, sizeof line - 1, "line %ld of %ld ", i, n);
        while (len < bytes - 1 && len < (int)sizeof line - 2)
            line[len++] = 'x';
        line[len++] = '\n';
        fill((unsigned long)i);
        memset(got, 0, sizeof got);
        if (avx)
            write_holding_ymm(line, len, spin, corrupt && i == n);
        else
            write_holding_xmm(line, len, spin, corrupt && i == n);
        for (int r = 0; r < 16; r++) {
            if (memcmp(want[r], got[r], (size_t)width) != 0) {
                if (!mismatches++) {
                    first = i;
                    first_reg = r;
                }
                break;
            }
        }
    }
    int status = mismatches ? 1 : 0;
    printf("vector-guest: %ld writes, %ld with a changed register", n, mismatches);
    if (mismatches)
        printf(" (first: write %ld, %s%ld)", first, avx ? "ymm" : "xmm", first_reg);
    printf("\n@@GUEST-EXIT status=%d lines=%ld\n", status, n);
    fflush(stdout);
    return status;
}
