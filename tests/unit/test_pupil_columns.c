/* The agent's reading of pupils.csv's optional fsm_eligible column (#19):
 * Y, N or blank (not known) like fsm; any other value rejects the row in
 * one line naming the file, the line and the field; and a school's MIS
 * report may name its own column for it through the mapping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export.h"
#include "mapping.h"

#define HEADER "upn,year_group,gender,entry_date,fsm,ever6,cic,sen,eal,ethnicity,gifted,fsm_eligible\n"

static char dir[] = "/tmp/zt-pupil-columns-XXXXXX";

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char path[sizeof dir + 16];
    snprintf(path, sizeof path, "%s/pupils.csv", dir);
    unlink(path);
    return rmdir(dir);
}

/* Reads text as the export's pupils.csv; the rejections into report. */
static void read_roll(struct zt_export *e, const char *text, char *report, size_t size)
{
    char path[sizeof dir + 16];
    snprintf(path, sizeof path, "%s/pupils.csv", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    FILE *r = fmemopen(report, size, "w");
    assert_non_null(r);
    assert_int_equal(zt_export_read_roll(e, dir, r), 0);
    fclose(r);
}

static const Zt__PupilRow *row_of(const struct zt_export *e, const char *upn)
{
    for (size_t i = 0; i < e->npupils; i++)
        if (!strcmp(e->pupils[i].row.upn, upn))
            return &e->pupils[i].row;
    return NULL;
}

static void test_values_and_the_bad_one(void **state)
{
    (void)state;
    char report[512] = "";
    struct zt_export e;
    read_roll(&e,
              HEADER "B873100120001,5,F,2025-09-01,N,N,N,N,N,WBRI,N,Y\n"
                     "Q873100120002,5,F,2025-09-01,Y,N,N,N,N,WBRI,N,\n"
                     "E873100120003,5,F,2025-09-01,N,N,N,N,N,WBRI,N,yes\n"
                     "U873100120004,5,F,2025-09-01,Y,N,N,N,N,WBRI,N,N\n",
              report, sizeof report);
    assert_string_equal(report, "rejected pupils.csv:4: field 'fsm_eligible': 'yes' must be Y or N\n");
    assert_int_equal(e.npupils, 3);
    const Zt__PupilRow *entitled = row_of(&e, "B873100120001"), *blank = row_of(&e, "Q873100120002"),
                       *not_entitled = row_of(&e, "U873100120004");
    assert_non_null(entitled);
    assert_non_null(blank);
    assert_non_null(not_entitled);
    assert_true(entitled->has_fsm_eligible && entitled->fsm_eligible && !entitled->fsm);
    assert_false(blank->has_fsm_eligible); /* blank: not known */
    assert_true(not_entitled->has_fsm_eligible && !not_entitled->fsm_eligible);
    zt_export_free(&e);
}

static void test_without_the_column(void **state)
{
    (void)state;
    char report[512] = "";
    struct zt_export e;
    read_roll(&e,
              "upn,year_group,gender,entry_date,fsm,ever6,cic,sen,eal,ethnicity,gifted\n"
              "B873100120001,5,F,2025-09-01,Y,N,N,N,N,WBRI,N\n",
              report, sizeof report);
    assert_string_equal(report, "");
    assert_int_equal(e.npupils, 1);
    assert_false(e.pupils[0].row.has_fsm_eligible);
    zt_export_free(&e);
}

static void test_mapping_names_its_column(void **state)
{
    (void)state;
    char path[] = "/tmp/zt-pupil-columns-map-XXXXXX", err[300] = "";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *text = "pupils.fsm_eligible = \"FSM Entitled\"\npupils.fsm_eligible.values = Yes=Y, No=N\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    struct zt_mapping m;
    int rc = zt_mapping_load(&m, path, err, sizeof err);
    unlink(path);
    assert_int_equal(rc, 0);
    zt_export_set_mapping(&m);
    char report[512] = "";
    struct zt_export e;
    read_roll(&e,
              "upn,year_group,gender,entry_date,fsm,ever6,cic,sen,eal,ethnicity,gifted,FSM Entitled\n"
              "B873100120001,5,F,2025-09-01,N,N,N,N,N,WBRI,N,Yes\n"
              "Q873100120002,5,F,2025-09-01,N,N,N,N,N,WBRI,N,Perhaps\n",
              report, sizeof report);
    zt_export_set_mapping(NULL);
    assert_non_null(strstr(report, "rejected pupils.csv:3: column 'FSM Entitled': value 'Perhaps' is not in the mapping"));
    assert_int_equal(e.npupils, 1);
    assert_true(e.pupils[0].row.has_fsm_eligible && e.pupils[0].row.fsm_eligible);
    zt_export_free(&e);
    zt_mapping_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_and_the_bad_one),
        cmocka_unit_test(test_without_the_column),
        cmocka_unit_test(test_mapping_names_its_column),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
