/* Creating the output folders. */
#ifndef ZG_MAKE_DIR_H
#define ZG_MAKE_DIR_H

/* Creates path and any missing parents (mkdir -p). Returns 0, -errno, or
 * -ENOTDIR when path is there but not a folder. */
int zg_make_dir(const char *path);

#endif
