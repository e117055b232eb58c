#include "sock.h"

#include <signal.h>
#include <string.h>

int zt_split_hostport(const char *s, char *host, size_t hsize, unsigned *port)
{
    const char *h = s, *end, *p;
    if (s[0] == '[') {
        h = s + 1;
        end = strchr(h, ']');
        if (!end || end[1] != ':')
            return -1;
        p = end + 2;
    } else {
        end = strrchr(s, ':');
        if (!end || memchr(s, ':', (size_t)(end - s)))
            return -1;
        p = end + 1;
    }
    size_t hl = (size_t)(end - h), pl = strlen(p);
    if (hl == 0 || hl >= hsize || pl == 0 || pl > 5 || strspn(p, "0123456789") != pl)
        return -1;
    unsigned v = 0;
    for (size_t i = 0; i < pl; i++)
        v = v * 10 + (unsigned)(p[i] - '0');
    if (v > 65535)
        return -1;
    memcpy(host, h, hl);
    host[hl] = '\0';
    *port = v;
    return 0;
}

void zt_ignore_sigpipe(void)
{
    struct sigaction sa;
    if (sigaction(SIGPIPE, NULL, &sa) == 0 && sa.sa_handler == SIG_DFL) {
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = SIG_IGN;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGPIPE, &sa, NULL);
    }
}
