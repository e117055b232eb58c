#include "plain_words.h"

#include <stdio.h>
#include <string.h>

#include "codes.h"
#include "support_codes.h"

static const char *const months[] = {"January", "February", "March", "April", "May", "June", "July",
                                     "August", "September", "October", "November", "December"};

char *zt_words_date(zt_date d, char buf[ZT_WORDS_DATE_LEN])
{
    int y, m, day;
    zt_date_to_ymd(d, &y, &m, &day);
    snprintf(buf, ZT_WORDS_DATE_LEN, "%d %s %d", day, months[(m - 1) % 12], y);
    return buf;
}

char *zt_words_year_group(int code, char buf[ZT_WORDS_DATE_LEN])
{
    const char *w = zt_vocab_text(&zt_vocab_year, code);
    if (w[0] == 'N')
        snprintf(buf, ZT_WORDS_DATE_LEN, "Nursery %s", w + 1);
    else if (w[0] == 'R')
        snprintf(buf, ZT_WORDS_DATE_LEN, "Reception");
    else if (w[0])
        snprintf(buf, ZT_WORDS_DATE_LEN, "Year %s", w);
    else
        snprintf(buf, ZT_WORDS_DATE_LEN, "not known");
    return buf;
}

char *zt_words_term(zt_date d, char buf[ZT_WORDS_DATE_LEN])
{
    static const char *const terms[] = {"", "Autumn", "Spring", "Summer"};
    int y, m, day;
    zt_date_to_ymd(d, &y, &m, &day);
    snprintf(buf, ZT_WORDS_DATE_LEN, "%s %d", terms[zt_term_of(d)], y);
    return buf;
}

const char *zt_words_subject(int subject)
{
    static const char *const w[] = {"", "Maths", "Reading", "Writing", "English"};
    return subject >= 1 && subject <= 4 ? w[subject] : "";
}

const char *zt_words_step(int step)
{
    static const char *const w[] = {"Not assessed", "Gap", "Emerging", "Expected", "Deepening"};
    return step >= 0 && step <= 4 ? w[step] : w[0];
}

const char *zt_words_step_meaning(int step)
{
    static const char *const w[] = {
        "no assessment yet",
        "some of the year's learning is still to be caught up",
        "getting there: not yet at the level expected for the year",
        "at the level expected for the year",
        "beyond the level expected: understanding it in depth",
    };
    return step >= 0 && step <= 4 ? w[step] : w[0];
}

const char *zt_words_colour(int colour)
{
    return colour == 2 ? "Red" : colour == 1 ? "Amber" : "Green";
}

char *zt_words_free(const char *s, char *buf, size_t size)
{
    snprintf(buf, size, "%s", s ? s : "");
    for (char *p = buf; *p; p++)
        if (*p == '_')
            *p = ' ';
    return buf;
}

char *zt_words_roles(unsigned bits, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int r = 1; r <= zt_vocab_role.count && used < size; r++)
        if (bits & 1u << (r - 1)) {
            char word[40];
            zt_words_free(zt_vocab_text(&zt_vocab_role, r), word, sizeof word);
            used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ", " : "", word);
        }
    if (!buf[0])
        snprintf(buf, size, "nobody recorded");
    return buf;
}
