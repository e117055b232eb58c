/* `key = value` configuration files (SPEC §7), read against a program's
 * table of the keys it accepts (Redis's static_configs[] is the model): each
 * key's type, default, limits, where its value goes, whether a reload
 * applies it, and what it is for. '#' starts a comment. Relative paths are
 * taken from the configuration file's own folder. */
#ifndef ZT_CONF_H
#define ZT_CONF_H

#include <stddef.h>
#include <stdio.h>

/* The longest line a configuration file may have (without its newline). */
#define ZT_CONF_LINE_MAX 4095

enum zt_conf_type {
    ZT_CONF_STR,  /* char *, a malloc'd copy; NULL when neither given nor defaulted */
    ZT_CONF_PATH, /* as STR, made absolute against the file's folder */
    ZT_CONF_INT,  /* long, from min to max */
};

#define ZT_CONF_REQUIRED 1u /* the file must give it (a string or path without a default) */
#define ZT_CONF_RELOAD 2u   /* a reload applies it; any other key's change waits for a restart */
#define ZT_CONF_OWN 0x100u  /* the first flag a program may give a meaning of its own */

struct zt_conf_key {
    const char *name;
    enum zt_conf_type type;
    size_t offset;    /* where the value goes: offsetof(the program's struct, field) */
    const char *def;  /* default text, or NULL for none */
    unsigned flags;   /* ZT_CONF_REQUIRED, ZT_CONF_RELOAD, a program's own */
    long min, max;    /* for ZT_CONF_INT */
    const char *help; /* what it is for, one line (--help) */
};

/* Fills every key's field of base from path (or its default). Returns 0, or
 * a negative errno (-EINVAL, -ENOMEM, or why the file could not be read)
 * with a line "FILE:LINE: reason" in err (unknown key, a key given twice,
 * a line longer than ZT_CONF_LINE_MAX, a number out of its limits, missing
 * required key, unreadable file). Free the strings with zt_conf_free either
 * way. */
int zt_conf_load(const char *path, const struct zt_conf_key *keys, size_t nkeys, void *base,
                 char *err, size_t errlen);

/* After zt_conf_load: -EINVAL with "FILE: missing required key 'KEY'" in err when
 * a string or path key flagged with flag was not given, else 0. For a key
 * one reader of a table needs and another does not. */
int zt_conf_require(const char *path, const struct zt_conf_key *keys, size_t nkeys,
                    const void *base, unsigned flag, char *err, size_t errlen);

/* Frees the strings zt_conf_load stored in base and sets them to NULL. */
void zt_conf_free(const struct zt_conf_key *keys, size_t nkeys, void *base);

/* A reload: running takes next's value of each key flagged ZT_CONF_RELOAD
 * (its own goes to next, to be freed with it); any other key whose value
 * differs keeps its running value and is passed to restart. Returns how many
 * were. */
size_t zt_conf_reload(const struct zt_conf_key *keys, size_t nkeys, void *running, void *next,
                      void (*restart)(const struct zt_conf_key *k, void *ud), void *ud);

/* The keys for --help, one a line: name, what it is for, the default. */
void zt_conf_help(FILE *out, const struct zt_conf_key *keys, size_t nkeys);

#endif
