/* Text as the zone takes it: well-formed UTF-8 (no overlong forms, no
 * surrogates, nothing past U+10FFFF) without NUL bytes. A NUL would cut the
 * text short in every C string it passes through; invalid UTF-8 makes the
 * JSON the zone hands out invalid. */
#ifndef ZT_UTF8_H
#define ZT_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length in bytes (1-4) of the well-formed character at s[0..len), with its
 * code point in *cp; 0 when s does not start with one. */
size_t zt_utf8_char(const char *s, size_t len, uint32_t *cp);

/* NULL when s[0..len) is acceptable text, else "a NUL byte" or "invalid
 * UTF-8" for a message. */
const char *zt_text_problem(const char *s, size_t len);

#endif
