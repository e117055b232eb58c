#include "support_codes.h"

#include <stdio.h>
#include <string.h>

static const char *const role_words[] = {"", "parent", "carer", "social_worker", "school_nurse",
                                         "early_help_worker", "teacher", "senco", "pupil", "other"};
static const char *const status_words[] = {"", "planned", "active", "completed", "stopped"};
static const char *const for_words[] = {"", "child", "family", "both"};
static const char *const need_words[] = {"", "attendance", "behaviour", "health", "maths", "english", "wellbeing"};
static const char *const stage_words[] = {"", "open", "invited", "meeting_held", "support_in_place",
                                          "back_on_track", "closed"};
static const char *const overdue_words[] = {"", "meeting", "review"};

#define COUNT(w) ((int)(sizeof w / sizeof w[0]) - 1)
const struct zt_vocab zt_vocab_role = {role_words, COUNT(role_words)};
const struct zt_vocab zt_vocab_plan_status = {status_words, COUNT(status_words)};
const struct zt_vocab zt_vocab_for = {for_words, COUNT(for_words)};
const struct zt_vocab zt_vocab_need = {need_words, COUNT(need_words)};
const struct zt_vocab zt_vocab_stage = {stage_words, COUNT(stage_words)};
const struct zt_vocab zt_vocab_overdue = {overdue_words, COUNT(overdue_words)};

static int is_sep(char c)
{
    return c == ';' || c == ',' || c == ' ';
}

int zt_vocab_bits_parse(const struct zt_vocab *v, const char *s, size_t len, uint32_t *bits,
                        const char **bad, size_t *badlen)
{
    *bits = 0;
    size_t i = 0;
    while (i < len) {
        while (i < len && is_sep(s[i]))
            i++;
        size_t start = i;
        while (i < len && !is_sep(s[i]))
            i++;
        if (i == start)
            break;
        int code = zt_vocab_parse(v, s + start, i - start);
        if (!code) {
            *bad = s + start;
            *badlen = i - start;
            return -1;
        }
        *bits |= 1u << (code - 1);
    }
    return 0;
}

char *zt_vocab_bits_text(const struct zt_vocab *v, uint32_t bits, const char *sep, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 1; i <= v->count && used < size; i++)
        if (bits & (1u << (i - 1))) {
            int n = snprintf(buf + used, size - used, "%s%s", used ? sep : "", v->words[i]);
            if (n < 0)
                break;
            used += (size_t)n;
        }
    return buf;
}

uint32_t zt_needs_of_alert(uint32_t reasons, uint32_t below)
{
    /* below: 1 english, 2 maths (records.h ZT_BELOW_*) */
    return (reasons & 7u) | (below & 2u ? ZT_NEED_MATHS : 0) | (below & 1u ? ZT_NEED_ENGLISH : 0);
}
