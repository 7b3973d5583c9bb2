/* CI-only stand-in for Windows' icuuc.dll (the system ICU, Windows 10 1703
 * and later), which Wine 8.0 lacks: Qt6Core links it for text codecs other
 * than UTF-8/UTF-16/Latin-1 (QStringConverter). Never part of the product.
 *
 * It offers no converters: ucnv_open fails with U_FILE_ACCESS_ERROR, so Qt
 * treats every ICU-only codec as unavailable, which is true under Wine. The
 * program itself only reads and writes UTF-8. Built by tools/windows/check.sh.
 */
#include <stddef.h>
#include <stdint.h>

typedef int UErrorCode;
typedef uint16_t UChar;
typedef void UConverter;
typedef void (*UCallback)(void);
#define U_FILE_ACCESS_ERROR 4
#define API __declspec(dllexport)

static void fail(UErrorCode *err) { if (err && *err <= 0) *err = U_FILE_ACCESS_ERROR; }

API UConverter *ucnv_open(const char *name, UErrorCode *err) { (void)name; fail(err); return NULL; }
API void ucnv_close(UConverter *cnv) { (void)cnv; }
API void ucnv_reset(UConverter *cnv) { (void)cnv; }
API int8_t ucnv_getMaxCharSize(const UConverter *cnv) { (void)cnv; return 1; }
API const char *ucnv_getName(const UConverter *cnv, UErrorCode *err) { (void)cnv; fail(err); return NULL; }
API const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *err)
{ (void)name; (void)standard; (void)err; return NULL; }
API int32_t ucnv_countAvailable(void) { return 0; }
API const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
API void ucnv_getToUCallBack(const UConverter *cnv, UCallback *action, const void **context)
{ (void)cnv; if (action) *action = NULL; if (context) *context = NULL; }
API void ucnv_getFromUCallBack(const UConverter *cnv, UCallback *action, const void **context)
{ (void)cnv; if (action) *action = NULL; if (context) *context = NULL; }
API void ucnv_setToUCallBack(UConverter *cnv, UCallback action, const void *context,
                             UCallback *old, const void **oldContext, UErrorCode *err)
{ (void)cnv; (void)action; (void)context; (void)old; (void)oldContext; fail(err); }
API void ucnv_setFromUCallBack(UConverter *cnv, UCallback action, const void *context,
                               UCallback *old, const void **oldContext, UErrorCode *err)
{ (void)cnv; (void)action; (void)context; (void)old; (void)oldContext; fail(err); }
API void ucnv_toUnicode(UConverter *cnv, UChar **target, const UChar *targetLimit,
                        const char **source, const char *sourceLimit, int32_t *offsets,
                        int8_t flush, UErrorCode *err)
{ (void)cnv; (void)target; (void)targetLimit; (void)source; (void)sourceLimit; (void)offsets;
  (void)flush; fail(err); }
API void ucnv_fromUnicode(UConverter *cnv, char **target, const char *targetLimit,
                          const UChar **source, const UChar *sourceLimit, int32_t *offsets,
                          int8_t flush, UErrorCode *err)
{ (void)cnv; (void)target; (void)targetLimit; (void)source; (void)sourceLimit; (void)offsets;
  (void)flush; fail(err); }
API int32_t ucnv_toUCountPending(const UConverter *cnv, UErrorCode *err) { (void)cnv; fail(err); return 0; }
API int32_t ucnv_fromUCountPending(const UConverter *cnv, UErrorCode *err) { (void)cnv; fail(err); return 0; }
API void ucnv_cbToUWriteUChars(void *args, const UChar *source, int32_t length, int32_t offsetIndex,
                               UErrorCode *err)
{ (void)args; (void)source; (void)length; (void)offsetIndex; fail(err); }
API void ucnv_cbFromUWriteUChars(void *args, const UChar **source, const UChar *sourceLimit,
                                 int32_t offsetIndex, UErrorCode *err)
{ (void)args; (void)source; (void)sourceLimit; (void)offsetIndex; fail(err); }
/* Qt takes the address of ICU's standard callbacks; they are never called here. */
API void UCNV_FROM_U_CALLBACK_SUBSTITUTE(void) {}
API void UCNV_TO_U_CALLBACK_SUBSTITUTE(void) {}
