/* The words and figures of the pages for families (issue #16): terms and
 * steps, the direction since last term, plain words for codes, the colour
 * of a week's attendance at the tipping points. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "codes.h"
#include "date.h"
#include "html_page.h"
#include "plain_words.h"
#include "term_steps.h"

static Zt__AssessmentRow rows[16];
static Zt__AssessmentRow *ptrs[16];

static void add(Zt__PupilHistory *h, int subject, const char *date, int step)
{
    Zt__AssessmentRow *r = &rows[h->n_assessments];
    zt__assessment_row__init(r);
    r->subject = (uint32_t)subject;
    zt_date_parse(date, strlen(date), &r->date);
    r->step = (uint32_t)step;
    ptrs[h->n_assessments++] = r;
}

static void test_terms_newest_six_oldest_first(void **state)
{
    (void)state;
    Zt__PupilHistory h = ZT__PUPIL_HISTORY__INIT;
    h.assessments = ptrs;
    /* eight terms of maths, one a term, from autumn 2023 to summer 2026 */
    const char *dates[] = {"2023-10-01", "2024-02-01", "2024-05-01", "2024-10-01",
                           "2025-02-01", "2025-05-01", "2025-10-01", "2026-02-01"};
    for (int i = 0; i < 8; i++)
        add(&h, ZT_SUBJECT_MATHS, dates[i], 1 + i % 4);
    struct zt_term_steps t;
    zt_term_steps(&h, &t);
    assert_int_equal(t.nterms, ZT_TERMS_SHOWN);
    char name[ZT_WORDS_DATE_LEN];
    assert_string_equal(zt_words_term(t.term_date[0], name), "Summer 2024");
    assert_string_equal(zt_words_term(t.term_date[5], name), "Spring 2026");
    assert_int_equal(t.step[ZT_SUBJECT_MATHS][5], 4); /* the eighth: 1 + 7 % 4 */
    int before, now = zt_term_steps_latest(&t, ZT_SUBJECT_MATHS, &before);
    assert_int_equal(now, 4);
    assert_int_equal(before, 3);
    assert_int_equal(zt_term_steps_latest(&t, ZT_SUBJECT_READING, &before), 0);
    assert_int_equal(before, 0);
}

static void test_term_keeps_its_latest(void **state)
{
    (void)state;
    Zt__PupilHistory h = ZT__PUPIL_HISTORY__INIT;
    h.assessments = ptrs;
    add(&h, ZT_SUBJECT_WRITING, "2026-03-20", ZT_STEP_EXPECTED);
    add(&h, ZT_SUBJECT_WRITING, "2026-01-10", ZT_STEP_GAP); /* same term, earlier */
    add(&h, ZT_SUBJECT_WRITING, "2025-12-19", ZT_STEP_EMERGING);
    struct zt_term_steps t;
    zt_term_steps(&h, &t);
    assert_int_equal(t.nterms, 2);
    int before, now = zt_term_steps_latest(&t, ZT_SUBJECT_WRITING, &before);
    assert_int_equal(now, ZT_STEP_EXPECTED);
    assert_int_equal(before, ZT_STEP_EMERGING);
}

static void test_plain_words(void **state)
{
    (void)state;
    char b[ZT_WORDS_DATE_LEN], r[80];
    assert_string_equal(zt_words_year_group(zt_vocab_parse(&zt_vocab_year, "N1", 2), b), "Nursery 1");
    assert_string_equal(zt_words_year_group(zt_vocab_parse(&zt_vocab_year, "R", 1), b), "Reception");
    assert_string_equal(zt_words_year_group(zt_vocab_parse(&zt_vocab_year, "11", 2), b), "Year 11");
    zt_date d;
    zt_date_parse("2026-03-02", 10, &d);
    assert_string_equal(zt_words_date(d, b), "2 March 2026");
    assert_string_equal(zt_words_free("physical_assault", r, sizeof r), "physical assault");
    assert_string_equal(zt_words_roles(1u << 0 | 1u << 2, r, sizeof r), "parent, social worker");
    assert_string_equal(zt_words_roles(0, r, sizeof r), "nobody recorded");
    assert_string_equal(zt_words_colour(ZT__COLOUR__COLOUR_AMBER), "Amber");
}

static void test_week_colour_at_the_points(void **state)
{
    (void)state;
    /* exactly at a point is not below it */
    assert_int_equal(zt_page_rate_colour(9, 10, 90, 95), ZT__COLOUR__COLOUR_AMBER);
    assert_int_equal(zt_page_rate_colour(8, 10, 90, 95), ZT__COLOUR__COLOUR_RED);
    assert_int_equal(zt_page_rate_colour(19, 20, 90, 95), ZT__COLOUR__COLOUR_GREEN);
    assert_int_equal(zt_page_rate_colour(189, 200, 90, 95), ZT__COLOUR__COLOUR_AMBER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_terms_newest_six_oldest_first),
        cmocka_unit_test(test_term_keeps_its_latest),
        cmocka_unit_test(test_plain_words),
        cmocka_unit_test(test_week_colour_at_the_points),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
