/* `key = value` configuration files (SPEC §7), read against a declarative
 * table of the keys a program accepts. '#' starts a comment. Relative paths
 * are taken from the configuration file's own folder. */
#ifndef ZT_CONF_H
#define ZT_CONF_H

#include <stddef.h>

/* The longest line a configuration file may have (without its newline). */
#define ZT_CONF_LINE_MAX 4095

enum zt_conf_type {
    ZT_CONF_STR,  /* dst is char **, malloc'd copy */
    ZT_CONF_PATH, /* as STR, made absolute against the file's folder */
    ZT_CONF_INT,  /* dst is long * */
};

struct zt_conf_key {
    const char *name;
    enum zt_conf_type type;
    void *dst;
    const char *def;  /* default text, or NULL for none */
    int required;
    long min, max;    /* for ZT_CONF_INT */
};

/* Fills every key's dst from path (or its default). Returns 0, or -1 with a
 * line "FILE:LINE: reason" in err (unknown key, a key given twice, a line
 * longer than ZT_CONF_LINE_MAX, bad number, missing required key,
 * unreadable file). Free the strings with zt_conf_free either way. */
int zt_conf_load(const char *path, const struct zt_conf_key *keys, size_t nkeys,
                 char *err, size_t errlen);

/* Frees the strings zt_conf_load stored and sets them to NULL. */
void zt_conf_free(const struct zt_conf_key *keys, size_t nkeys);

#endif
