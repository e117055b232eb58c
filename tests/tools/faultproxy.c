/* faultproxy: a TCP relay on 127.0.0.1 that cuts connections at random
 * points, for testing that a push cut anywhere loses and duplicates nothing.
 *
 *   faultproxy LISTEN_PORT TARGET_PORT [--cut-percent P] [--max-bytes N] [--seed S]
 *
 * Each accepted connection is relayed to 127.0.0.1:TARGET_PORT. The first
 * three, then each with probability P% (default 50), are cut, with a TCP reset both ways, once a
 * random number of bytes in 1..N (default 262144) has passed in either
 * direction. LISTEN_PORT 0 takes a port the kernel picks. Prints "ready PORT"
 * on stdout once listening; runs until killed.
 * One connection at a time is enough for one agent; up to MAX_PAIRS. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_PAIRS 16

struct pair {
    int fd[2]; /* client, target; -1 when unused */
    long budget; /* bytes left before the cut; -1 never */
};

static struct pair pairs[MAX_PAIRS];

/* Listens on 127.0.0.1:port (0: any free port); *bound is the port. */
static int listen_on(int port, int *bound)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) || listen(fd, 16)) {
        perror("faultproxy: listen");
        exit(1);
    }
    socklen_t alen = sizeof a;
    if (getsockname(fd, (struct sockaddr *)&a, &alen)) {
        perror("faultproxy: getsockname");
        exit(1);
    }
    *bound = ntohs(a.sin_port);
    return fd;
}

static int connect_to(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0)
        return fd;
    if (fd >= 0)
        close(fd);
    return -1;
}

/* Closes with a reset, as a dropped line or a killed peer looks. */
static void cut(int fd)
{
    struct linger l = {1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    close(fd);
}

static void drop(struct pair *p, int reset)
{
    for (int i = 0; i < 2; i++)
        if (p->fd[i] >= 0) {
            if (reset)
                cut(p->fd[i]);
            else
                close(p->fd[i]);
        }
    p->fd[0] = p->fd[1] = -1;
}

/* Moves what one side sent to the other. Returns 0, or -1 when the pair
 * is finished (closed by a side, or cut). */
static int relay(struct pair *p, int from)
{
    char buf[16384];
    ssize_t n = read(p->fd[from], buf, sizeof buf);
    if (n <= 0)
        return -1;
    if (p->budget >= 0 && n >= p->budget) {
        if (p->budget > 0 && write(p->fd[!from], buf, (size_t)p->budget) < 0)
            return -1;
        drop(p, 1);
        return -1;
    }
    if (p->budget >= 0)
        p->budget -= n;
    for (ssize_t off = 0; off < n;) {
        ssize_t w = write(p->fd[!from], buf + off, (size_t)(n - off));
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        off += w;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: faultproxy LISTEN_PORT TARGET_PORT [--cut-percent P] [--max-bytes N] [--seed S]\n");
        return 2;
    }
    int lport = atoi(argv[1]), tport = atoi(argv[2]), percent = 50;
    long max_bytes = 262144;
    unsigned seed = (unsigned)getpid(), accepted = 0;
    for (int i = 3; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--cut-percent"))
            percent = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--max-bytes"))
            max_bytes = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--seed"))
            seed = (unsigned)atol(argv[i + 1]);
    }
    signal(SIGPIPE, SIG_IGN);
    srand(seed);
    for (int i = 0; i < MAX_PAIRS; i++)
        pairs[i].fd[0] = pairs[i].fd[1] = -1;
    int lfd = listen_on(lport, &lport);
    printf("ready %d\n", lport);
    fflush(stdout);
    for (;;) {
        struct pollfd pfd[1 + 2 * MAX_PAIRS];
        int n = 0;
        pfd[n++] = (struct pollfd){lfd, POLLIN, 0};
        for (int i = 0; i < MAX_PAIRS; i++)
            for (int s = 0; s < 2; s++)
                pfd[n++] = (struct pollfd){pairs[i].fd[s], POLLIN, 0};
        if (poll(pfd, (nfds_t)n, -1) < 0 && errno != EINTR)
            return 1;
        if (pfd[0].revents & POLLIN) {
            int c = accept(lfd, NULL, NULL), slot = -1;
            for (int i = 0; i < MAX_PAIRS && slot < 0; i++)
                if (pairs[i].fd[0] < 0)
                    slot = i;
            int t = c >= 0 && slot >= 0 ? connect_to(tport) : -1;
            if (t < 0) {
                if (c >= 0)
                    cut(c); /* target down: the client sees a reset */
            } else {
                pairs[slot].fd[0] = c;
                pairs[slot].fd[1] = t;
                int doomed = accepted++ < 3 || rand() % 100 < percent;
                pairs[slot].budget = doomed ? 1 + rand() % max_bytes : -1;
            }
        }
        for (int i = 0; i < MAX_PAIRS; i++)
            for (int s = 0; s < 2; s++)
                if (pairs[i].fd[s] >= 0 && (pfd[1 + 2 * i + s].revents & (POLLIN | POLLHUP | POLLERR)) &&
                    relay(&pairs[i], s))
                    drop(&pairs[i], 0);
    }
}
