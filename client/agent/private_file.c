#include "private_file.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

FILE *zt_private_open(const char *path, gid_t group)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return NULL;
    FILE *f = NULL;
    if ((group == (gid_t)-1 || fchown(fd, (uid_t)-1, group) == 0) &&
        fchmod(fd, group == (gid_t)-1 ? 0600 : 0640) == 0)
        f = fdopen(fd, "w");
    if (!f) {
        int saved = errno;
        close(fd);
        unlink(path);
        errno = saved;
    }
    return f;
}

int zt_private_dir(const char *dir, gid_t group, char *err, size_t errlen)
{
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return -1;
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s: %s", dir, errno ? strerror(errno) : "not a folder");
        return -1;
    }
    if (group != (gid_t)-1 && (chown(dir, (uid_t)-1, group) != 0 || chmod(dir, 0750) != 0)) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return -1;
    }
    return 0;
}

int zt_private_begin(struct zt_private_file *pf, const char *path, gid_t group, char *err, size_t errlen)
{
    if (snprintf(pf->path, sizeof pf->path, "%s", path) >= (int)sizeof pf->path) {
        snprintf(err, errlen, "%.100s...: path too long", path);
        return -1;
    }
    snprintf(pf->tmp, sizeof pf->tmp, "%s.tmp", path);
    if (!(pf->f = zt_private_open(pf->tmp, group))) {
        snprintf(err, errlen, "%s: %s", pf->tmp, strerror(errno));
        return -1;
    }
    return 0;
}

int zt_private_commit_all(struct zt_private_file *pf, size_t n, char *err, size_t errlen)
{
    size_t bad = n; /* the first file that failed, n for none */
    int saved = 0;
    for (size_t i = 0; bad == n && i < n; i++)
        if (ferror(pf[i].f) || fflush(pf[i].f) != 0)
            bad = i, saved = errno;
    for (size_t i = 0; bad == n && i < n; i++)
        if (fsync(fileno(pf[i].f)) != 0)
            bad = i, saved = errno;
    for (size_t i = 0; i < n; i++) {
        if (fclose(pf[i].f) != 0 && bad == n)
            bad = i, saved = errno;
        pf[i].f = NULL;
    }
    for (size_t i = 0; bad == n && i < n; i++)
        if (rename(pf[i].tmp, pf[i].path) != 0)
            bad = i, saved = errno;
    if (bad == n)
        return 0;
    snprintf(err, errlen, "%s: %s", pf[bad].path, strerror(saved ? saved : EIO));
    for (size_t i = 0; i < n; i++)
        unlink(pf[i].tmp);
    return -1;
}

int zt_private_commit(struct zt_private_file *pf, char *err, size_t errlen)
{
    return zt_private_commit_all(pf, 1, err, errlen);
}

void zt_private_abort(struct zt_private_file *pf)
{
    fclose(pf->f);
    pf->f = NULL;
    unlink(pf->tmp);
}
