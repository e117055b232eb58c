/* holdconns: many idle TCP connections to one port, for the limits test.
 *
 *   holdconns --to ADDR:PORT --count N [--from ADDR] [--ms T]
 *
 * Connects N times (from the IPv4 address ADDR when given, e.g. 127.0.0.2,
 * so the server tells these from the test's own clients), sends nothing,
 * prints "connected N" at once, and after T milliseconds (default 1000)
 * "open N, closed N": how many the server still holds and how many it has
 * closed. Exits 0; 1 when a socket could not be made or connected; 2 on a
 * usage error. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include "sock.h"

/* 1 when the server has closed fd (EOF or reset); it sent nothing else. */
static int closed_by_peer(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    if (poll(&p, 1, 0) <= 0)
        return 0;
    char c;
    ssize_t n = recv(fd, &c, 1, MSG_DONTWAIT);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

static int connect_one(const struct sockaddr_in *to, const char *from)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    if (from) {
        struct sockaddr_in src = {.sin_family = AF_INET};
        if (inet_pton(AF_INET, from, &src.sin_addr) != 1 ||
            bind(fd, (struct sockaddr *)&src, sizeof src) < 0) {
            close(fd);
            return -1;
        }
    }
    if (connect(fd, (const struct sockaddr *)to, sizeof *to) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

int main(int argc, char **argv)
{
    const char *to = NULL, *from = NULL;
    int count = 0, ms = 1000;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--to"))
            to = argv[i + 1];
        else if (!strcmp(argv[i], "--from"))
            from = argv[i + 1];
        else if (!strcmp(argv[i], "--count"))
            count = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--ms"))
            ms = atoi(argv[i + 1]);
    }
    char host[64];
    unsigned port;
    struct sockaddr_in addr = {.sin_family = AF_INET};
    if (!to || count < 1 || ms < 0 || zt_split_hostport(to, host, sizeof host, &port) ||
        inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
        fprintf(stderr, "usage: holdconns --to ADDR:PORT --count N [--from ADDR] [--ms T]\n");
        return 2;
    }
    addr.sin_port = htons((uint16_t)port);
    int *fds = calloc((size_t)count, sizeof *fds);
    if (!fds)
        return 1;
    for (int i = 0; i < count; i++) {
        fds[i] = connect_one(&addr, from);
        if (fds[i] < 0) {
            fprintf(stderr, "holdconns: connection %d to %s: %s\n", i + 1, to, strerror(errno));
            return 1;
        }
    }
    printf("connected %d\n", count);
    fflush(stdout);
    usleep((useconds_t)ms * 1000);
    int closed = 0;
    for (int i = 0; i < count; i++) {
        closed += closed_by_peer(fds[i]);
        close(fds[i]);
    }
    printf("open %d, closed %d\n", count - closed, closed);
    free(fds);
    return 0;
}
