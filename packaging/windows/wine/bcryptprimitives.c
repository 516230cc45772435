/* A test shim for wine 8 (Debian 12), which lacks bcryptprimitives.dll:
 * Rust's standard library on Windows draws its random numbers from
 * ProcessPrng there (Windows 10 and later have it). The shim answers from
 * BCryptGenRandom, which wine has. Only the wine smoke test installs it, into
 * its own throwaway prefix; it is never shipped. */
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
