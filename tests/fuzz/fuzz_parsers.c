/* libFuzzer target: every small text parser a user or a file reaches —
 * dates, UPNs, register codes, vocabularies, HOST:PORT, identities — and
 * the configuration file reader. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codes.h"
#include "conf.h"
#include "date.h"
#include "sock.h"
#include "tls.h"
#include "upn.h"

static void small_parsers(const char *s, size_t n)
{
    zt_date d;
    char host[64], buf[ZT_DATE_STRLEN];
    unsigned port;
    struct zt_identity id;
    if (zt_date_parse(s, n, &d) == 0)
        zt_date_format(d, buf);
    zt_upn_invalid(s, n);
    if (n >= ZT_UPN_LEN)
        zt_upn_check_letter(s);
    zt_mark_parse(s, n);
    zt_vocab_parse(&zt_vocab_ethnicity, s, n);
    zt_split_hostport(s, host, sizeof host, &port);
    zt_identity_parse(s, &id);
}

static void config_file(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/zt-fuzz-conf-%d", (int)getpid());
    FILE *f = fopen(path, "w");
    if (!f)
        return;
    fwrite(data, 1, size, f);
    fclose(f);
    struct parsed {
        char *a, *b;
        long n;
    } c;
    const struct zt_conf_key keys[] = {
        {"listen", ZT_CONF_STR, offsetof(struct parsed, a), "x", 0, 0, 0, NULL},
        {"data_dir", ZT_CONF_PATH, offsetof(struct parsed, b), NULL, ZT_CONF_REQUIRED, 0, 0, NULL},
        {"max_connections", ZT_CONF_INT, offsetof(struct parsed, n), "5", 0, 1, 100, NULL},
    };
    char err[256];
    zt_conf_load(path, keys, 3, &c, err, sizeof err);
    zt_conf_free(keys, 3, &c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    small_parsers(s, strlen(s));
    free(s);
    config_file(data, size);
    return 0;
}
