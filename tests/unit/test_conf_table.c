/* The programs' key tables (zoned_conf.c, client_conf.c): every default is
 * one its key accepts, every limit is enforced naming the file, the line
 * and the key, and a reload applies exactly the keys flagged for it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client_conf.h"
#include "conf.h"
#include "zoned_conf.h"

/* The lines every zoned.conf needs. */
#define ZONED_REQUIRED "data_dir = d\nca = ca.crt\ncert = z.crt\nkey = z.key\n"
#define CLIENT_REQUIRED "ca = ca.crt\ncert = s.crt\nkey = s.key\nexport_dir = e\noutput_dir = o\n"

struct table {
    const char *name;
    const struct zt_conf_key *keys;
    const size_t *n;
    const char *required; /* the lines a file needs */
    size_t size;          /* of the configuration struct */
    void (*free)(void *c);
};

static void zoned_free(void *c)
{
    zt_zoned_config_free(c);
}

static void client_free(void *c)
{
    zt_client_config_free(c);
}

static const struct table tables[] = {
    {"zoned.conf", zt_zoned_conf_keys, &zt_zoned_conf_nkeys, ZONED_REQUIRED, sizeof(struct zt_zoned_config),
     zoned_free},
    {"zone-agent.conf", zt_client_conf_keys, &zt_client_conf_nkeys, CLIENT_REQUIRED,
     sizeof(struct zt_client_config), client_free},
};

static char *write_file(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/zt-conf-table-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    assert_int_equal(close(fd), 0);
    return path;
}

/* Loads text with the table into a fresh struct, freed after: zt_conf_load's
 * answer, its message in err, the file's name in path. */
static int load_text(const struct table *tb, const char *text, char *path, size_t pathlen, char *err, size_t errlen)
{
    snprintf(path, pathlen, "%s", write_file(text));
    void *c = calloc(1, tb->size);
    assert_non_null(c);
    int rc = zt_conf_load(path, tb->keys, *tb->n, c, err, errlen);
    tb->free(c);
    free(c);
    unlink(path);
    return rc;
}

/* Each key has a line of help; a required key has no default, and each
 * number's default lies within its limits; names are not repeated. */
static void test_defaults_within_limits(void **state)
{
    (void)state;
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
        const struct table *tb = &tables[t];
        for (size_t i = 0; i < *tb->n; i++) {
            const struct zt_conf_key *k = &tb->keys[i];
            assert_non_null(k->help);
            for (size_t j = 0; j < i; j++)
                if (!strcmp(tb->keys[j].name, k->name))
                    fail_msg("%s: %s twice in the table", tb->name, k->name);
            if (k->flags & ZT_CONF_REQUIRED)
                assert_null(k->def);
            if (k->type != ZT_CONF_INT)
                continue;
            if (!k->def)
                fail_msg("%s: %s is a number without a default", tb->name, k->name);
            char *end;
            errno = 0;
            long v = strtol(k->def, &end, 10);
            if (errno || *end || v < k->min || v > k->max)
                fail_msg("%s: %s's default %s is outside %ld..%ld", tb->name, k->name, k->def, k->min, k->max);
        }
        /* and the reader takes them: a file with the required keys only */
        char path[64], err[300] = "";
        if (load_text(tb, tb->required, path, sizeof path, err, sizeof err))
            fail_msg("%s with its defaults: %s", tb->name, err);
    }
}

/* One past either limit of each number is refused: FILE:LINE and the key. */
static void test_out_of_range_refused(void **state)
{
    (void)state;
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
        const struct table *tb = &tables[t];
        for (size_t i = 0; i < *tb->n; i++) {
            const struct zt_conf_key *k = &tb->keys[i];
            if (k->type != ZT_CONF_INT)
                continue;
            for (int side = 0; side < 2; side++) {
                char text[512], path[64], err[300] = "", want[400];
                snprintf(text, sizeof text, "%s%s = %ld\n", tb->required, k->name,
                         side ? k->max + 1 : k->min - 1);
                int rc = load_text(tb, text, path, sizeof path, err, sizeof err);
                unsigned line = 1;
                for (const char *p = tb->required; *p; p++)
                    line += *p == '\n';
                snprintf(want, sizeof want, "%s:%u: %s must be a whole number from %ld to %ld", path, line,
                         k->name, k->min, k->max);
                assert_int_equal(rc, -EINVAL);
                assert_string_equal(err, want);
            }
        }
    }
}

/* zoned documents 512 connections and 120 s idle (README, zoned.conf.example):
 * the table is the one place those defaults live. */
static void test_zoned_documented_defaults(void **state)
{
    (void)state;
    char *path = write_file(ZONED_REQUIRED), err[300];
    struct zt_zoned_config c;
    assert_int_equal(zt_zoned_config_load(path, &c, err, sizeof err), 0);
    assert_int_equal(c.max_connections, 512);
    assert_int_equal(c.idle_ms, 120000);
    assert_string_equal(c.listen, "127.0.0.1:7450");
    zt_zoned_config_free(&c);
    unlink(path);
}

/* zonectl reads the agent's keys too but needs none of the agent's own. */
static void test_agent_needs_its_folders(void **state)
{
    (void)state;
    char *path = write_file("ca = ca.crt\ncert = c.crt\nkey = c.key\n"), err[300], want[300];
    struct zt_client_config c;
    assert_int_equal(zt_client_config_load(path, 0, &c, err, sizeof err), 0);
    zt_client_config_free(&c);
    assert_int_equal(zt_client_config_load(path, 1, &c, err, sizeof err), -EINVAL);
    zt_client_config_free(&c);
    snprintf(want, sizeof want, "%s: missing required key 'export_dir'", path);
    assert_string_equal(err, want);
    unlink(path);
}

struct noted {
    const char *name[8];
    size_t n;
};

static void note(const struct zt_conf_key *k, void *ud)
{
    struct noted *w = ud;
    assert_true(w->n < 8);
    w->name[w->n++] = k->name;
}

/* SIGHUP's step: the CRL (flagged) is applied; max_connections and listen
 * (not flagged) keep their running values and are reported; an unchanged
 * key is not. */
static void test_reload_applies_flagged_keys(void **state)
{
    (void)state;
    char err[300];
    struct zt_zoned_config running, next;
    char *path = write_file(ZONED_REQUIRED "crl = old.crl\nmax_connections = 100\n");
    assert_int_equal(zt_zoned_config_load(path, &running, err, sizeof err), 0);
    unlink(path);
    path = write_file(ZONED_REQUIRED "crl = new.crl\nmax_connections = 200\nlisten = 127.0.0.1:9\n");
    assert_int_equal(zt_zoned_config_load(path, &next, err, sizeof err), 0);
    unlink(path);
    struct noted w = {0};
    assert_int_equal(zt_conf_reload(zt_zoned_conf_keys, zt_zoned_conf_nkeys, &running, &next, note, &w), 2);
    zt_zoned_config_free(&next);
    assert_int_equal(w.n, 2);
    assert_string_equal(w.name[0], "listen");
    assert_string_equal(w.name[1], "max_connections");
    assert_non_null(strstr(running.crl, "/new.crl"));
    assert_int_equal(running.max_connections, 100);
    assert_string_equal(running.listen, "127.0.0.1:7450");
    zt_zoned_config_free(&running);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_within_limits),
        cmocka_unit_test(test_out_of_range_refused),
        cmocka_unit_test(test_zoned_documented_defaults),
        cmocka_unit_test(test_agent_needs_its_folders),
        cmocka_unit_test(test_reload_applies_flagged_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
