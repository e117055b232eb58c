#include "codes.h"

#include <stdio.h>
#include <string.h>

struct mark_def {
    const char *text;
    enum zt_mark_class cls;
};

/* Index is the mark code; order is fixed forever because codes are stored. */
static const struct mark_def marks[] = {
    {"", ZT_MARK_NONE},
    {"/", ZT_MARK_PRESENT}, {"\\", ZT_MARK_PRESENT}, {"L", ZT_MARK_PRESENT},
    {"K", ZT_MARK_APPROVED}, {"V", ZT_MARK_APPROVED}, {"P", ZT_MARK_APPROVED},
    {"W", ZT_MARK_APPROVED}, {"B", ZT_MARK_APPROVED},
    {"C", ZT_MARK_AUTHORISED}, {"C1", ZT_MARK_AUTHORISED}, {"C2", ZT_MARK_AUTHORISED},
    {"E", ZT_MARK_AUTHORISED}, {"I", ZT_MARK_AUTHORISED}, {"J1", ZT_MARK_AUTHORISED},
    {"M", ZT_MARK_AUTHORISED}, {"R", ZT_MARK_AUTHORISED}, {"S", ZT_MARK_AUTHORISED},
    {"T", ZT_MARK_AUTHORISED},
    {"G", ZT_MARK_UNAUTHORISED}, {"N", ZT_MARK_UNAUTHORISED},
    {"O", ZT_MARK_UNAUTHORISED}, {"U", ZT_MARK_UNAUTHORISED},
    {"D", ZT_MARK_NOT_POSSIBLE}, {"X", ZT_MARK_NOT_POSSIBLE}, {"Z", ZT_MARK_NOT_POSSIBLE},
    {"#", ZT_MARK_NOT_POSSIBLE}, {"Q", ZT_MARK_NOT_POSSIBLE},
    {"Y1", ZT_MARK_NOT_POSSIBLE}, {"Y2", ZT_MARK_NOT_POSSIBLE}, {"Y3", ZT_MARK_NOT_POSSIBLE},
    {"Y4", ZT_MARK_NOT_POSSIBLE}, {"Y5", ZT_MARK_NOT_POSSIBLE}, {"Y6", ZT_MARK_NOT_POSSIBLE},
    {"Y7", ZT_MARK_NOT_POSSIBLE},
};

#define NMARKS ((int)(sizeof marks / sizeof marks[0]))
_Static_assert(sizeof marks / sizeof marks[0] <= ZT_MARK_CODE_MAX, "mark codes fit");

int zt_mark_parse(const char *s, size_t len)
{
    if (len == 0 || len > 2)
        return 0;
    for (int i = 1; i < NMARKS; i++)
        if (strlen(marks[i].text) == len && memcmp(marks[i].text, s, len) == 0)
            return i;
    return 0;
}

const char *zt_mark_text(int code)
{
    return code > 0 && code < NMARKS ? marks[code].text : "";
}

enum zt_mark_class zt_mark_class_of(int code)
{
    return code > 0 && code < NMARKS ? marks[code].cls : ZT_MARK_NONE;
}

int zt_mark_is_health(int code)
{
    const char *t = zt_mark_text(code);
    return (t[0] == 'I' || t[0] == 'M') && t[1] == '\0';
}

#define VOCAB(name, ...)                                                       \
    static const char *const name##_words[] = {"", __VA_ARGS__};               \
    const struct zt_vocab zt_vocab_##name = {                                  \
        name##_words, (int)(sizeof name##_words / sizeof name##_words[0]) - 1}

VOCAB(subject, "maths", "reading", "writing", "english");
VOCAB(step, "gap", "emerging", "expected", "deepening");
VOCAB(action, "none", "detention", "internal_exclusion", "suspension", "permanent_exclusion");
VOCAB(severity, "low", "medium", "high");
VOCAB(gender, "M", "F", "X");
VOCAB(sen, "N", "K", "E");
VOCAB(year, "N1", "N2", "R", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10",
      "11", "12", "13", "14");
VOCAB(session, "AM", "PM");
/* DfE main ethnicity codes; Gypsy/Roma (WROM) and Irish Traveller (WIRT)
 * stay distinct so gap analysis can show them on their own. */
VOCAB(ethnicity, "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH",
      "AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU",
      "NOBT");

int zt_vocab_parse(const struct zt_vocab *v, const char *s, size_t len)
{
    for (int i = 1; i <= v->count; i++)
        if (strlen(v->words[i]) == len && memcmp(v->words[i], s, len) == 0)
            return i;
    return 0;
}

const char *zt_vocab_text(const struct zt_vocab *v, int code)
{
    return code > 0 && code <= v->count ? v->words[code] : "";
}

char *zt_vocab_list(const struct zt_vocab *v, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 1; i <= v->count && used < size; i++) {
        int n = snprintf(buf + used, size - used, "%s%s", i > 1 ? ", " : "", v->words[i]);
        if (n < 0)
            break;
        used += (size_t)n;
    }
    return buf;
}

/* leavers.csv reasons; EHE is elective home education. */
VOCAB(leaving, "EHE", "moved_in_zone", "moved_out_of_zone", "permanently_excluded", "other");
/* Where a leaver went and the term they left in (zonectl leavers). */
VOCAB(destination, "zone_school", "home_education", "elsewhere", "unknown");
VOCAB(term, "autumn", "spring", "summer");
