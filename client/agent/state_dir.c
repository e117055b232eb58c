#include "state_dir.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "log.h"

int zt_state_dir_prepare(const char *dir, int ours, char *err, size_t errlen)
{
    struct stat st;
    if (mkdir(dir, 0700) == 0)
        return 0;
    if (errno != EEXIST || stat(dir, &st) != 0) {
        int e = errno;
        snprintf(err, errlen, "state_dir %s: %s", dir, strerror(e));
        return -e;
    }
    if (!S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "state_dir %s: not a folder", dir);
        return -ENOTDIR;
    }
    unsigned mode = st.st_mode & 07777;
    if (!(mode & 077))
        return 0;
    if (!ours) {
        zt_warn("state_dir %s is mode %04o: others may read the pupils' UPNs it holds; "
                "make it readable by its owner only (chmod 700 %s)", dir, mode, dir);
        return 0;
    }
    if (chmod(dir, 0700) != 0)
        zt_warn("state_dir %s is mode %04o and cannot be made 0700: %s", dir, mode, strerror(errno));
    else
        zt_info("state_dir %s was mode %04o: now 0700", dir, mode);
    return 0;
}
