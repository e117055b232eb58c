#include "utf8.h"

#include <string.h>

size_t zt_utf8_char(const char *str, size_t len, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (len == 0)
        return 0;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t n = s[0] >= 0xF8 ? 0 : s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 0;
    if (n == 0 || n > len)
        return 0;
    uint32_t c = s[0] & (0x7Fu >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = c << 6 | (s[i] & 0x3Fu);
    }
    static const uint32_t least[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < least[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

const char *zt_text_problem(const char *s, size_t len)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    for (size_t i = 0; i < len;) {
        uint64_t w;
        if (len - i >= 8 && (memcpy(&w, s + i, 8), !(((w - ones) & ~w & highs) | (w & highs)))) {
            i += 8; /* eight ASCII bytes, none NUL: most text, a word at a time */
            continue;
        }
        if ((unsigned char)s[i] - 1u < 0x7Fu) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = zt_utf8_char(s + i, len - i, &cp);
        if (n == 0)
            return "invalid UTF-8";
        if (cp == 0)
            return "a NUL byte";
        i += n;
    }
    return NULL;
}
