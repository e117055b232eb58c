/* Log lines: under systemd (JOURNAL_STREAM set) a <N> priority for the
 * journal, which stamps lines itself; elsewhere (cron) a timestamp. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

/* Logs one warning with stderr sent to a file, and returns its line. */
static void log_one(char *out, size_t size)
{
    char path[] = "/tmp/zt-log-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    assert_true(saved >= 0);
    assert_int_equal(dup2(fd, STDERR_FILENO), STDERR_FILENO);
    zt_log_init("test");
    zt_warn("the zone is %s", "late");
    fflush(stderr);
    assert_int_equal(dup2(saved, STDERR_FILENO), STDERR_FILENO);
    close(saved);
    FILE *f = fdopen(fd, "r");
    assert_non_null(f);
    rewind(f);
    assert_non_null(fgets(out, (int)size, f));
    fclose(f);
    unlink(path);
}

static void test_timestamp_outside_the_journal(void **state)
{
    (void)state;
    unsetenv("JOURNAL_STREAM");
    char line[256];
    log_one(line, sizeof line);
    regex_t re;
    assert_int_equal(regcomp(&re, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{4} "
                                  "test: warning: the zone is late\n$", REG_EXTENDED | REG_NOSUB), 0);
    int match = regexec(&re, line, 0, NULL, 0);
    regfree(&re);
    if (match != 0)
        fail_msg("no timestamp: %s", line);
}

static void test_priority_in_the_journal(void **state)
{
    (void)state;
    setenv("JOURNAL_STREAM", "8:12345", 1);
    char line[256];
    log_one(line, sizeof line);
    unsetenv("JOURNAL_STREAM");
    assert_string_equal(line, "<4>the zone is late\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timestamp_outside_the_journal),
        cmocka_unit_test(test_priority_in_the_journal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
