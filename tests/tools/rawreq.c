/* rawreq: sends a request built by hand, for the tests of the zone's own
 * checks where zonectl and zone-agent would refuse first.
 *
 *   rawreq --config CONF < REQUEST-BYTES
 *
 * Connects with the certificate of CONF, says hello, sends stdin's bytes
 * (a packed zt.Request) as one frame and prints the answer: "error CODE:
 * MESSAGE" or "answer BODY" (the Response body's field number). Exits 0
 * when the zone answered, 1 when it did not (closed, timed out). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"

static uint8_t *read_all(FILE *f, size_t *len)
{
    size_t cap = 1 << 16;
    uint8_t *buf = malloc(cap);
    *len = 0;
    while (buf) {
        *len += fread(buf + *len, 1, cap - *len, f);
        if (*len < cap)
            return buf;
        uint8_t *more = realloc(buf, cap *= 2);
        if (!more)
            free(buf);
        buf = more;
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 3 || strcmp(argv[1], "--config")) {
        fprintf(stderr, "usage: rawreq --config CONF < REQUEST-BYTES\n");
        return 2;
    }
    struct zt_client_config conf;
    struct zt_session s;
    char err[512];
    size_t len;
    uint8_t *req = read_all(stdin, &len), *in = NULL;
    if (!req || zt_client_config_load(argv[2], 0, &conf, err, sizeof err)) {
        fprintf(stderr, "rawreq: %s\n", req ? err : "out of memory");
        free(req);
        return 1;
    }
    int code = 1;
    size_t inlen;
    if (zt_session_open(&s, &conf, "rawreq", err, sizeof err) == 0) {
        if (zt_client_send(s.conn, req, len, &s.fail, err, sizeof err) == 0 &&
            zt_client_recv(s.conn, &in, &inlen, &s.fail, err, sizeof err) == 0) {
            Zt__Response *r = zt__response__unpack(NULL, inlen, in);
            if (r && r->error)
                printf("error %d: %s\n", r->error->code, r->error->message);
            else if (r)
                printf("answer %d\n", r->body_case);
            code = r ? 0 : 1;
            if (r)
                zt__response__free_unpacked(r, NULL);
            free(in);
        }
        zt_session_close(&s);
    }
    if (code)
        fprintf(stderr, "rawreq: %s\n", err);
    zt_client_config_free(&conf);
    free(req);
    return code;
}
