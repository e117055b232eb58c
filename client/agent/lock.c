#include "lock.h"


#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"

#define POLL_MS 100

int zt_agent_lock(const char *dir, long wait_ms, char *err, size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/zone-agent.lock", dir);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    for (long waited = 0;; waited += POLL_MS) {
        if (flock(fd, LOCK_EX | LOCK_NB) == 0)
            break;
        if (errno != EWOULDBLOCK || waited >= wait_ms) {
            char pid[32] = "";
            ssize_t n = pread(fd, pid, sizeof pid - 1, 0);
            pid[n > 0 ? n : 0] = '\0';
            pid[strcspn(pid, "\n")] = '\0';
            snprintf(err, errlen, "another zone-agent run (pid %s) still holds %s after %.1f s; this run did nothing",
                     pid[0] ? pid : "?", path, (double)waited / 1000);
            close(fd);
            return -1;
        }
        zt_sleep_ms(POLL_MS);
    }
    char pid[32];
    int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
        /* the pid is only for the message above; the lock itself holds */
    }
    return fd;
}
