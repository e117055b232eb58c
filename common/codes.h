/* National attendance register codes (SPEC §4) and the other closed
 * vocabularies of the export files, each mapped to a small integer that is
 * what the wire and the store carry. 0 always means "none / unknown". */
#ifndef ZT_CODES_H
#define ZT_CODES_H

#include <stddef.h>

enum zt_mark_class {
    ZT_MARK_NONE = 0,       /* no mark recorded */
    ZT_MARK_PRESENT,        /* / \ L */
    ZT_MARK_APPROVED,       /* K V P W B: approved education, counts present */
    ZT_MARK_AUTHORISED,     /* C C1 C2 E I J1 M R S T */
    ZT_MARK_UNAUTHORISED,   /* G N O U */
    ZT_MARK_NOT_POSSIBLE,   /* D X Z # Q Y1-Y7 */
};

#define ZT_MARK_CODE_MAX 40 /* mark codes are 1..ZT_MARK_CODE_MAX-1 */

/* Mark code (1..) of register text s[len], or 0 when it is not a code. */
int zt_mark_parse(const char *s, size_t len);
/* Register text of a mark code, "" for 0 or out of range. */
const char *zt_mark_text(int code);
enum zt_mark_class zt_mark_class_of(int code);
/* 1 when the mark is an I (illness) or M (medical appointment). */
int zt_mark_is_health(int code);

/* A closed vocabulary: text values with their codes 1..n. */
struct zt_vocab {
    const char *const *words; /* words[0] is unused; codes index this */
    int count;                /* number of codes, excluding [0] */
};

extern const struct zt_vocab zt_vocab_subject;   /* maths reading writing english */
extern const struct zt_vocab zt_vocab_step;      /* gap emerging expected deepening */
extern const struct zt_vocab zt_vocab_action;    /* none detention ... */
extern const struct zt_vocab zt_vocab_severity;  /* low medium high */
extern const struct zt_vocab zt_vocab_gender;    /* M F X */
extern const struct zt_vocab zt_vocab_sen;       /* N K E */
extern const struct zt_vocab zt_vocab_year;      /* N1 N2 R 1..14 */
extern const struct zt_vocab zt_vocab_session;   /* AM PM */
extern const struct zt_vocab zt_vocab_ethnicity; /* DfE main codes: WBRI ... */
extern const struct zt_vocab zt_vocab_leaving;   /* EHE moved_in_zone ... (leavers.csv) */
extern const struct zt_vocab zt_vocab_destination; /* zone_school home_education elsewhere unknown */
extern const struct zt_vocab zt_vocab_term;      /* autumn spring summer */

enum { ZT_SUBJECT_MATHS = 1, ZT_SUBJECT_READING, ZT_SUBJECT_WRITING, ZT_SUBJECT_ENGLISH };
enum { ZT_STEP_GAP = 1, ZT_STEP_EMERGING, ZT_STEP_EXPECTED, ZT_STEP_DEEPENING };
enum { ZT_ACTION_NONE = 1, ZT_ACTION_DETENTION, ZT_ACTION_INTERNAL_EXCLUSION,
       ZT_ACTION_SUSPENSION, ZT_ACTION_PERMANENT_EXCLUSION };
enum { ZT_LEAVING_EHE = 1, ZT_LEAVING_MOVED_IN_ZONE, ZT_LEAVING_MOVED_OUT_OF_ZONE,
       ZT_LEAVING_PERMANENTLY_EXCLUDED, ZT_LEAVING_OTHER };
enum { ZT_DEST_ZONE_SCHOOL = 1, ZT_DEST_HOME_EDUCATION, ZT_DEST_ELSEWHERE, ZT_DEST_UNKNOWN };
enum { ZT_TERM_AUTUMN = 1, ZT_TERM_SPRING, ZT_TERM_SUMMER };
enum { ZT_SEVERITY_LOW = 1, ZT_SEVERITY_MEDIUM, ZT_SEVERITY_HIGH };
enum { ZT_SESSION_AM = 1, ZT_SESSION_PM };

/* Code of s[len] in v, or 0 when absent. */
int zt_vocab_parse(const struct zt_vocab *v, const char *s, size_t len);
/* Text of code in v, "" when out of range. */
const char *zt_vocab_text(const struct zt_vocab *v, int code);
/* The words of v joined by ", " into buf (for error messages); returns buf. */
char *zt_vocab_list(const struct zt_vocab *v, char *buf, size_t size);

#endif
