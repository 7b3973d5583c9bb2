/* CI-only stand-in for Windows' bcryptprimitives.dll, which Wine 8.0 lacks.
 *
 * pydantic-core (Rust's standard library) imports ProcessPrng from it; every
 * Windows 10 and 11 has the real DLL, so this file is never part of the
 * product. It fills the buffer from the system generator behind RtlGenRandom.
 * Built by tools/windows/check.sh with x86_64-w64-mingw32-gcc.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom, advapi32 */

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
