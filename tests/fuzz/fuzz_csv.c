/* libFuzzer target: the CSV reader over arbitrary bytes, every row and
 * every field touched. */
#include <stddef.h>
#include <stdint.h>

#include "csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct zt_csv c;
    char err[256];
    if (zt_csv_open_buffer(&c, "fuzz.csv", (const char *)data, size, err, sizeof err))
        return 0;
    zt_csv_column(&c, "upn");
    int rc;
    while ((rc = zt_csv_next(&c)) != 0) {
        if (rc < 0)
            continue;
        for (size_t i = 0; i < c.nfields + 1; i++) {
            struct zt_field f = zt_csv_get(&c, (int)i);
            volatile char sink = f.len ? f.s[0] ^ f.s[f.len - 1] : 0;
            (void)sink;
        }
    }
    zt_csv_close(&c);
    return 0;
}
