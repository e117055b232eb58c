/* The CTF reader (client/agent/ctf.c): every element read and how it maps,
 * the elements passed by, bad values as bad rows naming pupil and element,
 * malformed XML, an unknown version, XML that is not a CTF, and a 50 MB
 * file read in bounded memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "codes.h"
#include "ctf.h"

#if defined(__SANITIZE_ADDRESS__)
#define ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASAN 1
#endif
#endif
#ifndef ASAN
#define ASAN 0
#endif
#include "upn.h"

/* What the sink was given. */
struct got {
    struct zt_ctf_pupil pupils[8];
    char upns[8][16], names[8][64];
    int npupils, nunread, nunknown;
    zt_date mark_date[64];
    uint32_t mark_session[64];
    int mark_code[64], nmarks;
    uint32_t subject[8], step[8];
    zt_date adate[8];
    int nassess;
    char rejects[8][300];
    uint32_t rejected_rows;
    int nrejects;
    long long big_marks;
};

static int on_pupil(void *ctx, const struct zt_ctf_pupil *p)
{
    struct got *g = ctx;
    if (g->npupils < 8) {
        g->pupils[g->npupils] = *p;
        snprintf(g->upns[g->npupils], 16, "%s", p->row.upn);
        snprintf(g->names[g->npupils], 64, "%s", p->name);
    }
    g->npupils++;
    return 0;
}

static int on_unread(void *ctx, const char *upn, unsigned line)
{
    (void)line;
    struct got *g = ctx;
    if (upn)
        g->nunread++;
    else
        g->nunknown++;
    return 0;
}

static int on_mark(void *ctx, const char *upn, zt_date d, uint32_t session, int code, unsigned line)
{
    (void)upn, (void)line;
    struct got *g = ctx;
    g->big_marks++;
    if (g->nmarks < 64) {
        g->mark_date[g->nmarks] = d;
        g->mark_session[g->nmarks] = session;
        g->mark_code[g->nmarks++] = code;
    }
    return 0;
}

static int on_assessment(void *ctx, const char *upn, uint32_t subject, zt_date d, uint32_t step, unsigned line)
{
    (void)upn, (void)line;
    struct got *g = ctx;
    if (g->nassess < 8) {
        g->subject[g->nassess] = subject;
        g->step[g->nassess] = step;
        g->adate[g->nassess++] = d;
    }
    return 0;
}

static void on_reject(void *ctx, unsigned line, uint32_t rows, const char *why)
{
    (void)line;
    struct got *g = ctx;
    if (g->nrejects < 8)
        snprintf(g->rejects[g->nrejects], 300, "%s", why);
    g->nrejects++;
    g->rejected_rows += rows;
}

static int read_ctf(const char *xml, int parts, struct got *g, char *err, size_t errlen)
{
    memset(g, 0, sizeof *g);
    const struct zt_ctf_sink s = {g, on_pupil, on_unread, on_mark, on_assessment, on_reject};
    return zt_ctf_read_memory(xml, strlen(xml), "school.xml", parts, &s, err, errlen);
}

static zt_date day(int y, int m, int d)
{
    return zt_date_from_ymd(y, m, d);
}

#define HEADER(version)                                                                                    \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CTfile><Header>"                                        \
    "<DocumentName>Common Transfer File</DocumentName><CTFversion>" version "</CTFversion>"                 \
    "<DateTime>2026-03-02T09:00:00</DateTime><DocumentQualifier>full</DocumentQualifier>"                  \
    "<SourceSchool><LEA>873</LEA><Estab>1001</Estab></SourceSchool></Header><CTFpupilData>"
#define FOOTER "</CTFpupilData></CTfile>"

/* A's UPN is valid (check letter computed in setup), every element we read
 * set, and elements we pass by around them. */
static char upn_a[14], upn_b[14];

static void make_upns(void)
{
    memcpy(upn_a, "?873100100001", 14);
    upn_a[0] = zt_upn_check_letter(upn_a);
    memcpy(upn_b, "?873100100002", 14);
    upn_b[0] = zt_upn_check_letter(upn_b);
}

static char xml[16384];

static void test_every_element(void **state)
{
    (void)state;
    make_upns();
    snprintf(xml, sizeof xml,
             HEADER("25.0")
             "<Pupil><UPN>%s</UPN><UniqueLearnerNumber>1</UniqueLearnerNumber><Surname>Smith</Surname>"
             "<Forename>Ann</Forename><DOB>2016-05-01</DOB><Sex>F</Sex>"
             "<BasicDetails><NCyearActual>4</NCyearActual><Ethnicity>WIRT</Ethnicity>"
             "<Languages><Type><LanguageType>H</LanguageType><Language>ENG</Language></Type>"
             "<Type><LanguageType>F</LanguageType><Language>POL</Language></Type></Languages>"
             "<MedicalFlag>false</MedicalFlag>"
             "<FSMhistory><FSMinstance><FSMstartDate>2020-01-01</FSMstartDate><FSMendDate>2021-01-01</FSMendDate>"
             "</FSMinstance></FSMhistory>"
             "<InCare><InCareAtCurrentSchool>true</InCareAtCurrentSchool></InCare>"
             "<SENhistory><SEN><SENprovision>K</SENprovision></SEN><SEN><SENprovision>E</SENprovision></SEN>"
             "<SEN><StartDate>2020-01-01</StartDate><SENprovision>K</SENprovision><EndDate>2021-01-01</EndDate></SEN>"
             "</SENhistory></BasicDetails>"
             "<Address><PostCode>AB1 2CD</PostCode></Address>"
             "<Attendance><YearData><AttendStartDate>2026-02-27</AttendStartDate><SessionsPossible>4</SessionsPossible>"
             "<SessionAttendance>/N####-I</SessionAttendance></YearData></Attendance>"
             "<StageAssessments><KeyStage><Stage>KS2</Stage>"
             "<StageAssessment><Subject>MAT</Subject><Method>TA</Method><Result>EXS</Result>"
             "<ResultDate>2026-02-01</ResultDate></StageAssessment>"
             "<StageAssessment><Subject>ENG</Subject><Method>TA</Method><Component>RD</Component><Result>WTS</Result>"
             "<ResultDate>2026-02-01</ResultDate></StageAssessment>"
             "<StageAssessment><Subject>ENG</Subject><Method>TA</Method><Component>WR</Component><Result>PKF</Result>"
             "<Year>2025</Year></StageAssessment>"
             "<StageAssessment><Subject>ENG</Subject><Method>TA</Method><Result>GDS</Result>"
             "<ResultDate>2026-02-01</ResultDate></StageAssessment>"
             "<StageAssessment><Subject>MAT</Subject><Method>TT</Method><Result>104</Result></StageAssessment>"
             "<StageAssessment><Subject>SCI</Subject><Method>TA</Method><Result>EXS</Result></StageAssessment>"
             "</KeyStage></StageAssessments>"
             "<SchoolHistory><School><EntryDate>2019-09-01</EntryDate><LeavingDate>2022-07-20</LeavingDate></School>"
             "<School><EntryDate>2022-09-05</EntryDate></School></SchoolHistory></Pupil>"
             "<Pupil><UPN>%s</UPN><Surname>Jones</Surname><Forename>Ben</Forename><Gender>M</Gender>"
             "<BasicDetails><NCyearActual>R</NCyearActual>"
             "<Languages><Type><LanguageType>F</LanguageType><Language>ENB</Language></Type></Languages>"
             "<FSMhistory><FSMinstance><FSMstartDate>2025-10-01</FSMstartDate></FSMinstance></FSMhistory>"
             "<SENhistory><SEN><SENprovision>K</SENprovision><EndDate>2026-01-31</EndDate></SEN></SENhistory>"
             "</BasicDetails><SchoolHistory><School><EntryDate>2025-09-03</EntryDate></School></SchoolHistory></Pupil>"
             FOOTER,
             upn_a, upn_b);
    struct got g;
    char err[300];
    assert_int_equal(read_ctf(xml, ZT_CTF_ROLL, &g, err, sizeof err), ZT_CTF_OK);
    assert_int_equal(g.nrejects, 0);
    assert_int_equal(g.npupils, 2);
    const Zt__PupilRow *a = &g.pupils[0].row, *b = &g.pupils[1].row;
    assert_string_equal(g.upns[0], upn_a);
    assert_string_equal(g.names[0], "Ann Smith");
    assert_int_equal(a->gender, zt_vocab_parse(&zt_vocab_gender, "F", 1));
    assert_int_equal(a->year_group, zt_vocab_parse(&zt_vocab_year, "4", 1));
    assert_int_equal(a->ethnicity, zt_vocab_parse(&zt_vocab_ethnicity, "WIRT", 4));
    assert_true(a->has_eal && a->eal);                  /* first language Polish */
    assert_true(a->has_fsm && !a->fsm);                 /* FSM ended 2021 */
    assert_true(a->has_ever6 && a->ever6);              /* ... within six years */
    assert_true(a->has_cic && a->cic);
    assert_int_equal(a->sen, zt_vocab_parse(&zt_vocab_sen, "E", 1)); /* the last listed */
    assert_int_equal(a->entry_date, day(2022, 9, 5));   /* the school without a leaving date */
    assert_int_equal(a->has_gifted, 0);                 /* not in a CTF: not known */
    assert_string_equal(g.names[1], "Ben Jones");
    assert_int_equal(b->gender, zt_vocab_parse(&zt_vocab_gender, "M", 1)); /* <Gender> before CTF 19 */
    assert_int_equal(b->year_group, zt_vocab_parse(&zt_vocab_year, "R", 1));
    assert_true(b->has_eal && !b->eal);                 /* ENB: believed English */
    assert_true(b->fsm && b->ever6);                    /* an open instance */
    assert_true(b->has_cic && !b->cic);                 /* none listed: not looked after */
    assert_int_equal(b->sen, zt_vocab_parse(&zt_vocab_sen, "N", 1)); /* SEN support ended in January */
    assert_int_equal(b->has_ethnicity, 0);

    /* the records pass: marks two a day from AttendStartDate (27 Feb 2026
     * a Friday): the weekend's '#' and the '-' are no marks */
    assert_int_equal(read_ctf(xml, ZT_CTF_RECORDS, &g, err, sizeof err), ZT_CTF_OK);
    assert_int_equal(g.npupils, 0);
    assert_int_equal(g.nmarks, 3);
    assert_int_equal(g.mark_date[0], day(2026, 2, 27));
    assert_int_equal(g.mark_session[0], ZT_SESSION_AM);
    assert_int_equal(g.mark_code[0], zt_mark_parse("/", 1));
    assert_int_equal(g.mark_session[1], ZT_SESSION_PM);
    assert_int_equal(g.mark_code[1], zt_mark_parse("N", 1));
    assert_int_equal(g.mark_date[2], day(2026, 3, 2));
    assert_int_equal(g.mark_session[2], ZT_SESSION_PM);
    assert_int_equal(g.mark_code[2], zt_mark_parse("I", 1));
    assert_int_equal(g.nassess, 4); /* the test result and science passed by */
    assert_int_equal(g.subject[0], ZT_SUBJECT_MATHS);
    assert_int_equal(g.step[0], ZT_STEP_EXPECTED);
    assert_int_equal(g.subject[1], ZT_SUBJECT_READING);
    assert_int_equal(g.step[1], ZT_STEP_EMERGING);
    assert_int_equal(g.subject[2], ZT_SUBJECT_WRITING);
    assert_int_equal(g.step[2], ZT_STEP_GAP);
    assert_int_equal(g.adate[2], day(2025, 7, 1)); /* no ResultDate: 1 July of Year */
    assert_int_equal(g.subject[3], ZT_SUBJECT_ENGLISH);
    assert_int_equal(g.step[3], ZT_STEP_DEEPENING);
    assert_int_equal(g.nrejects, 0);
}

static void test_bad_values(void **state)
{
    (void)state;
    make_upns();
    snprintf(xml, sizeof xml,
             HEADER("24.0")
             "<Pupil><UPN>%s</UPN><Sex>F</Sex><BasicDetails><NCyearActual>4</NCyearActual>"
             "<Ethnicity>ZZZZ</Ethnicity></BasicDetails>"
             "<SchoolHistory><School><EntryDate>2022-09-05</EntryDate></School></SchoolHistory></Pupil>"
             "<Pupil><UPN>B000000000000</UPN><Sex>F</Sex></Pupil>"
             "<Pupil><UPN>%s</UPN><Sex>M</Sex><BasicDetails><NCyearActual>3</NCyearActual></BasicDetails>"
             "<Attendance><YearData><AttendStartDate>2026-03-02</AttendStartDate>"
             "<SessionAttendance>/?!N</SessionAttendance></YearData></Attendance>"
             "<StageAssessments><KeyStage><StageAssessment><Subject>MAT</Subject><Method>TA</Method>"
             "<Result>A</Result><ResultDate>2026-02-01</ResultDate></StageAssessment></KeyStage></StageAssessments>"
             "<SchoolHistory><School><EntryDate>2022-09-05</EntryDate></School></SchoolHistory></Pupil>" FOOTER,
             upn_a, upn_b);
    struct got g;
    char err[300];
    assert_int_equal(read_ctf(xml, ZT_CTF_ROLL, &g, err, sizeof err), ZT_CTF_OK);
    assert_int_equal(g.npupils, 1);
    assert_int_equal(g.nrejects, 2);
    assert_non_null(strstr(g.rejects[0], upn_a));
    assert_non_null(strstr(g.rejects[0], "element 'Ethnicity': 'ZZZZ' is not one of"));
    assert_int_equal(g.nunread, 1); /* A stays on the roll, unread */
    assert_non_null(strstr(g.rejects[1], "element 'UPN'"));
    assert_int_equal(g.nunknown, 1);
    assert_int_equal(read_ctf(xml, ZT_CTF_RECORDS, &g, err, sizeof err), ZT_CTF_OK);
    assert_int_equal(g.nmarks, 2);
    assert_int_equal(g.nrejects, 2);
    assert_non_null(strstr(g.rejects[0], "element 'SessionAttendance': 2 marks are not a national register code, "
                                         "first '?' on 2026-03-02 PM"));
    assert_int_equal(g.rejected_rows, 3);
    assert_non_null(strstr(g.rejects[1], "element 'Result': 'A' (MAT ) is not a result on our four steps"));
}

static void test_whole_file_refused(void **state)
{
    (void)state;
    struct got g;
    char err[300];
    assert_int_equal(read_ctf(HEADER("19.0") FOOTER, ZT_CTF_ROLL, &g, err, sizeof err), ZT_CTF_FAILED);
    assert_string_equal(err, "school.xml: CTF version '19.0' is not one this agent reads (" ZT_CTF_VERSIONS ")");
    assert_int_equal(read_ctf(HEADER("23.0") FOOTER, ZT_CTF_ROLL, &g, err, sizeof err), ZT_CTF_OK);
    assert_int_equal(read_ctf(HEADER("25.0") "<Pupil><UPN>X</UPN></Pu>", ZT_CTF_ROLL, &g, err, sizeof err),
                     ZT_CTF_FAILED);
    assert_non_null(strstr(err, "school.xml: line 2: malformed XML: "));
    assert_int_equal(read_ctf(HEADER("25.0"), ZT_CTF_ROLL, &g, err, sizeof err), ZT_CTF_FAILED); /* cut short */
    assert_int_equal(read_ctf("<?xml version=\"1.0\"?><Report><Row/></Report>", ZT_CTF_ROLL, &g, err, sizeof err),
                     ZT_CTF_NOT_CTF);
    assert_non_null(strstr(err, "not a Common Transfer File"));
    assert_int_equal(read_ctf("<CTfile><Header><DocumentName>Admissions</DocumentName></Header></CTfile>",
                              ZT_CTF_ROLL, &g, err, sizeof err),
                     ZT_CTF_NOT_CTF);
    /* a DTD's entity is not substituted: a CTF has none */
    make_upns();
    snprintf(xml, sizeof xml,
             "<?xml version=\"1.0\"?><!DOCTYPE CTfile [<!ENTITY e \"WBRI\">]><CTfile><Header>"
             "<DocumentName>Common Transfer File</DocumentName><CTFversion>25.0</CTFversion>"
             "<DateTime>2026-03-02T09:00:00</DateTime></Header><CTFpupilData>"
             "<Pupil><UPN>%s</UPN><Sex>F</Sex><BasicDetails><NCyearActual>4</NCyearActual>"
             "<Ethnicity>&e;</Ethnicity></BasicDetails>"
             "<SchoolHistory><School><EntryDate>2022-09-05</EntryDate></School></SchoolHistory></Pupil>" FOOTER,
             upn_a);
    assert_int_equal(read_ctf(xml, ZT_CTF_ROLL, &g, err, sizeof err), ZT_CTF_OK);
    assert_int_equal(g.npupils, 1);
    assert_int_equal(g.pupils[0].row.has_ethnicity, 0);
}

/* A whole school's CTF of 50 MB: read with memory that does not grow with
 * the file (the reader holds one pupil at a time). */
static void test_fifty_megabytes(void **state)
{
    (void)state;
    char path[] = "/tmp/zt-ctf-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(HEADER("25.0"), f);
    char days[701];
    for (int k = 0; k < 700; k++)
        days[k] = k % 14 >= 10 ? '#' : "/\\LN/I"[k % 6];
    days[700] = '\0';
    long long size = 0, pupils = 0;
    for (unsigned n = 1; size < 50LL * 1024 * 1024; n++, pupils++) {
        char upn[14];
        snprintf(upn + 1, sizeof upn - 1, "873%09u", n);
        upn[0] = zt_upn_check_letter(upn);
        size += fprintf(f, "<Pupil><UPN>%s</UPN><Surname>S</Surname><Forename>F</Forename><Sex>F</Sex>"
                           "<BasicDetails><NCyearActual>5</NCyearActual></BasicDetails><Attendance>"
                           "<YearData><AttendStartDate>2024-09-02</AttendStartDate><SessionAttendance>%s"
                           "</SessionAttendance></YearData>"
                           "<YearData><AttendStartDate>2025-09-01</AttendStartDate><SessionAttendance>%s"
                           "</SessionAttendance></YearData></Attendance>"
                           "<SchoolHistory><School><EntryDate>2024-09-02</EntryDate></School></SchoolHistory>"
                           "</Pupil>\n",
                        upn, days, days);
    }
    fputs(FOOTER, f);
    assert_int_equal(fclose(f), 0);
    struct rusage before, after;
    getrusage(RUSAGE_SELF, &before);
    struct got *g = calloc(1, sizeof *g);
    const struct zt_ctf_sink s = {g, on_pupil, on_unread, on_mark, on_assessment, on_reject};
    char err[300];
    assert_int_equal(zt_ctf_read_file(path, "big.xml", ZT_CTF_ROLL | ZT_CTF_RECORDS, &s, err, sizeof err),
                     ZT_CTF_OK);
    getrusage(RUSAGE_SELF, &after);
    unlink(path);
    assert_int_equal(g->npupils, pupils);
    assert_int_equal(g->nrejects, 0);
    assert_true(g->big_marks > 20000000);
    long grew_kb = after.ru_maxrss - before.ru_maxrss;
    printf("50 MB CTF: %lld pupils, %lld marks; peak RSS %ld KB, grew %ld KB while reading\n", pupils,
           g->big_marks, after.ru_maxrss, grew_kb);
    free(g);
    /* the file is 50 MB, the reader's memory a few KB; AddressSanitizer
     * keeps up to 256 MB of freed memory in quarantine, valgrind its own */
    const char *preload = getenv("LD_PRELOAD");
    if (preload && strstr(preload, "vgpreload"))
        return;
    assert_true(grew_kb < (ASAN ? 320 : 16) * 1024);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_element),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_whole_file_refused),
        cmocka_unit_test(test_fifty_megabytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
