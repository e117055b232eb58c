#include "conf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
        *--e = '\0';
    return s;
}

static char *resolve_path(const char *conf_path, const char *value)
{
    const char *slash = strrchr(conf_path, '/');
    if (value[0] == '/' || !slash)
        return strdup(value);
    size_t dirlen = (size_t)(slash - conf_path);
    char *out = malloc(dirlen + 1 + strlen(value) + 1);
    if (out)
        sprintf(out, "%.*s/%s", (int)dirlen, conf_path, value);
    return out;
}

static void *field(void *base, const struct zt_conf_key *k)
{
    return (char *)base + k->offset;
}

static int set_value(const char *path, const struct zt_conf_key *k, void *base, const char *value,
                     char *err, size_t errlen, unsigned line)
{
    if (k->type == ZT_CONF_INT) {
        char *end;
        errno = 0;
        long v = strtol(value, &end, 10);
        if (errno || end == value || *end || v < k->min || v > k->max) {
            snprintf(err, errlen, "%s:%u: %s must be a whole number from %ld to %ld", path, line,
                     k->name, k->min, k->max);
            return -EINVAL;
        }
        *(long *)field(base, k) = v;
        return 0;
    }
    char **dst = field(base, k);
    free(*dst);
    *dst = k->type == ZT_CONF_PATH ? resolve_path(path, value) : strdup(value);
    if (!*dst) {
        snprintf(err, errlen, "%s:%u: out of memory", path, line);
        return -ENOMEM;
    }
    return 0;
}

static int apply_defaults(const char *path, const struct zt_conf_key *keys, size_t n, void *base,
                          char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++) {
        if (keys[i].type != ZT_CONF_INT)
            *(char **)field(base, &keys[i]) = NULL;
        int rc = keys[i].def ? set_value(path, &keys[i], base, keys[i].def, err, errlen, 0) : 0;
        if (rc)
            return rc;
    }
    return 0;
}

/* Reads one line into buf (ZT_CONF_LINE_MAX + 2 bytes): 1 with a line, 0 at
 * the end, -1 when the line is longer than ZT_CONF_LINE_MAX. */
static int read_line(FILE *f, char *buf, size_t size)
{
    if (!fgets(buf, (int)size, f))
        return 0;
    size_t len = strlen(buf);
    return len + 1 == size && buf[len - 1] != '\n' ? -1 : 1;
}

int zt_conf_load(const char *path, const struct zt_conf_key *keys, size_t n, void *base, char *err,
                 size_t errlen)
{
    int rc = apply_defaults(path, keys, n, base, err, errlen);
    if (rc)
        return rc;
    FILE *f = fopen(path, "r");
    if (!f) {
        rc = -errno;
        snprintf(err, errlen, "%s: %s", path, strerror(-rc));
        return rc;
    }
    unsigned *seen = calloc(n ? n : 1, sizeof *seen); /* the line each key was given on */
    char buf[ZT_CONF_LINE_MAX + 2];                   /* the line, its newline, the NUL */
    unsigned line = 0;
    int got;
    rc = seen ? 0 : -ENOMEM;
    while (rc == 0 && (got = read_line(f, buf, sizeof buf)) != 0) {
        line++;
        if (got < 0) {
            snprintf(err, errlen, "%s:%u: line longer than %d characters", path, line, ZT_CONF_LINE_MAX);
            rc = -EINVAL;
            break;
        }
        char *hash = strchr(buf, '#');
        if (hash)
            *hash = '\0';
        char *s = trim(buf);
        if (!*s)
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            snprintf(err, errlen, "%s:%u: expected 'key = value'", path, line);
            rc = -EINVAL;
            break;
        }
        *eq = '\0';
        char *key = trim(s), *value = trim(eq + 1);
        size_t i = 0;
        while (i < n && strcmp(keys[i].name, key) != 0)
            i++;
        if (i == n) {
            snprintf(err, errlen, "%s:%u: unknown key '%s'", path, line, key);
            rc = -EINVAL;
        } else if (seen[i]) { /* the later line would win unseen: which one was meant? */
            snprintf(err, errlen, "%s:%u: key '%s' given twice (first at line %u)", path, line, key, seen[i]);
            rc = -EINVAL;
        } else {
            seen[i] = line;
            rc = set_value(path, &keys[i], base, value, err, errlen, line);
        }
    }
    if (rc == 0 && ferror(f)) {
        rc = errno ? -errno : -EIO;
        snprintf(err, errlen, "%s: %s", path, strerror(-rc));
    }
    fclose(f);
    if (rc == 0)
        rc = zt_conf_require(path, keys, n, base, ZT_CONF_REQUIRED, err, errlen);
    if (!seen)
        snprintf(err, errlen, "%s: out of memory", path);
    free(seen);
    return rc;
}

int zt_conf_require(const char *path, const struct zt_conf_key *keys, size_t n, const void *base,
                    unsigned flag, char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++)
        if ((keys[i].flags & flag) && keys[i].type != ZT_CONF_INT &&
            !*(char *const *)((const char *)base + keys[i].offset)) {
            snprintf(err, errlen, "%s: missing required key '%s'", path, keys[i].name);
            return -EINVAL;
        }
    return 0;
}

void zt_conf_free(const struct zt_conf_key *keys, size_t n, void *base)
{
    for (size_t i = 0; i < n; i++)
        if (keys[i].type != ZT_CONF_INT) {
            char **s = field(base, &keys[i]);
            free(*s);
            *s = NULL;
        }
}
