/* zonegen: writes a synthetic ZoneTrack "family zone" of school MIS exports.
 *
 *   zonegen --out DIR [--seed N] [--schools N] [--pupils N]
 *           [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--only-day YYYY-MM-DD]
 *
 * DIR/zone.csv lists the schools; DIR/school-<URN>/ holds pupils.csv,
 * attendance.csv, behaviour.csv, assessments.csv and health.csv (UTF-8, LF,
 * header first, RFC 4180 quoting). All people are invented from small name
 * tables; all figures come from the model below, not from any real school.
 *
 * Determinism
 * -----------
 * Nothing reads the clock or rand(). Every random choice is a pure function
 * of a 64-bit hash (the splitmix64 finaliser) of the seed and stable
 * identifiers:
 *
 *  - Schools: URN, establishment number, name, phase and cluster depend on
 *    the school's index only; its INSET days and trips on hash(seed, URN).
 *  - Pupils: pupil j of school i draws every trait from a PRNG seeded with
 *    hash(seed, URN, j). Rolls always describe academic year 2025/26
 *    (ZG_REF_YEAR) whatever --from/--to say, so pupils.csv is the same for
 *    any date range and for --only-day. The pupil also gets a 64-bit key
 *    from that PRNG; movers keep their key at the second school.
 *  - Day data: what a pupil has on date d (two marks, incidents, a health
 *    event) is computed by day_data() from the pupil's key, the school's
 *    calendar and d alone. Spells (illness 1-5 days, unauthorised runs 1-10
 *    days, term-time holidays of 5 or 10 days) are modelled without state:
 *    on weekday number k (weekdays counted since 1970, holidays included)
 *    a spell of some kind STARTS with probability p when
 *    hash(key, kind, k) says so, and its length comes from the same hash.
 *    Day k is in a spell when any start k-j (j < longest spell) has a length
 *    > j; so day k needs only a few hashes and never an earlier day's
 *    output. Suspensions run over school days: an incident on d' with a
 *    suspension of n days makes the next n teaching days E (0.5: the
 *    afternoon of d'). Because whether that incident happened itself
 *    depends on the pupil not being suspended on d', an incident is only
 *    allowed when no *candidate* suspension (ignoring its own
 *    preconditions) covers its day; this keeps the look-back two levels
 *    deep (<= 5 + 5 teaching days, same roll and academic year) instead of
 *    unbounded. Movers, permanent exclusions and mid-year joins are pupil
 *    traits fixed when the pupils are made, so they need no history either.
 *  - --only-day D therefore runs the same per-day code for D alone and
 *    produces exactly the rows a full run with --from <= D <= --to has for
 *    D; incident and event ids are made of the date, the pupil's row on the
 *    roll and a sequence number, so they need no running counter either.
 *    (A run whose --from is mid-year can show E marks whose suspension
 *    incident is dated before --from, as a real mid-year export would.)
 *
 * Build: gcc -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -O2
 *        -Icommon tools/zonegen.c common/date.c common/upn.c -o zonegen
 * (no libm: the model uses no <math.h> functions).
 */
#include "date.h"
#include "upn.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define ZG_LA_CODE 873       /* one local authority for the whole zone */
#define ZG_REF_YEAR 2025     /* rolls describe academic year 2025/26 */
#define ZG_MAX_SCHOOLS 100
#define ZG_MAX_PUPILS 5000   /* keeps the 3-digit UPN serial per year group */
#define ZG_NEVER INT32_MAX   /* "no date" for leave dates */
#define ZG_NONE INT32_MIN    /* "no date" for optional dates */
#define ZG_VBUF (1u << 20)   /* stdio buffer per output file */

/* ------------------------------------------------------------------------
 * Hashing and PRNG */

static uint64_t mix64(uint64_t z)
{
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint64_t hash3(uint64_t a, uint64_t b, uint64_t c)
{
    return mix64(mix64(mix64(a) ^ b) ^ c);
}

/* Hash of a stream key and a (possibly negative) number such as a day. */
static uint64_t khash(uint64_t key, int64_t n)
{
    return mix64(key + (uint64_t)n * 0xD1B54A32D192ED03ull);
}

/* Uniform [0,1) from the top 53 bits of a hash. */
static double hu01(uint64_t h)
{
    return (double)(h >> 11) * 0x1.0p-53;
}

typedef struct {
    uint64_t s;
} Rng;

static uint64_t rng_next(Rng *r) /* splitmix64 */
{
    r->s += 0x9E3779B97F4A7C15ull;
    uint64_t z = r->s;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double rng_u01(Rng *r)
{
    return hu01(rng_next(r));
}

static int rng_below(Rng *r, int n)
{
    return (int)(rng_next(r) % (uint64_t)n);
}

/* Approximately standard normal (Irwin-Hall, 12 uniforms); no libm. */
static double rng_norm(Rng *r)
{
    double s = 0;
    for (int i = 0; i < 12; i++)
        s += rng_u01(r);
    return s - 6.0;
}

/* Index into weights[0..n) drawn with probability proportional to weight. */
static int pick_weighted(double u, const int *weights, int n)
{
    int total = 0;
    for (int i = 0; i < n; i++)
        total += weights[i];
    double x = u * total;
    for (int i = 0; i < n; i++) {
        if (x < weights[i])
            return i;
        x -= weights[i];
    }
    return n - 1;
}

/* -ln(1 - f) by its series, for 0 <= f <= 0.9 (no libm). A spell kind with
 * mean length L covers a fraction f of days when its start probability per
 * day is about -ln(1 - f) / L. */
static double neg_log1m(double f)
{
    if (f <= 0)
        return 0;
    if (f > 0.9)
        f = 0.9;
    double term = f, sum = 0;
    for (int n = 1; n < 400 && term > 1e-12; n++) {
        sum += term / n;
        term *= f;
    }
    return sum;
}

/* Stream salts: each kind of random decision hashes a different key. */
enum {
    ST_KEY = 1, ST_ILL, ST_UNAUTH, ST_HOLIDAY, ST_SESSION, ST_DAY, ST_BEH, ST_HEALTH,
    ST_ASSESS, ST_SCHOOL, ST_INSET, ST_TRIP, ST_MOVE, ST_PEX,
};

static uint64_t stream_key(uint64_t key, int salt)
{
    return mix64(key ^ ((uint64_t)salt * 0xA0761D6478BD642Full));
}

/* ------------------------------------------------------------------------
 * Name and code tables (invented combinations; no real person data) */

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *const brit_boys[] = {
    "Oliver", "Harry", "Jack", "Charlie", "Noah", "Leo", "Alfie", "Freddie", "Archie",
    "Theo", "Tyler", "Kai", "Mason", "Logan", "Jayden", "Callum", "Connor", "Lewis",
    "Ethan", "Jacob", "Reece", "Tommy", "Frankie", "Bobby", "Harvey", "Lenny", "Ronnie"};
static const char *const brit_girls[] = {
    "Olivia", "Amelia", "Isla", "Ava", "Mia", "Lily", "Freya", "Poppy", "Ruby", "Evie",
    "Grace", "Sophie", "Chloe", "Megan", "Ellie", "Paige", "Lacey", "Skye", "Nevaeh",
    "Zoë", "Renée", "Darcie", "Millie", "Lexi", "Holly", "Jessica", "Tilly"};
static const char *const brit_last[] = {
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
    "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green",
    "Hall", "Wood", "Jackson", "Clarke", "Hughes", "Shaw", "Atkinson", "Booth", "Holt",
    "O'Neil", "O'Brien", "Smith-Jones", "McDonald", "Pickering", "Barker", "Lord",
    "Whitehead", "Ashworth", "Dyson", "Brierley"};
static const char *const trav_boys[] = {"Patrick", "Michael", "John", "Martin", "Johnny", "Tom", "Seán"};
static const char *const trav_girls[] = {"Bridget", "Mary", "Kathleen", "Margaret", "Nora", "Siobhán"};
static const char *const trav_last[] = {"Ward", "McDonagh", "Joyce", "O'Reilly", "Doherty", "Maughan", "Connors"};
static const char *const eeur_boys[] = {"Jakub", "Kacper", "Szymon", "Filip", "Mateusz",
                                        "Antoni", "Łukasz", "Andrei", "Matas", "Dawid"};
static const char *const eeur_girls[] = {"Zuzanna", "Julia", "Maja", "Hanna", "Oliwia",
                                         "Ieva", "Gabija", "Alicja", "Ioana", "Natalia"};
static const char *const eeur_last[] = {"Nowak", "Wójcik", "Kaczmarek", "Mazur", "Krawczyk",
                                        "Kaźmierczak", "Popescu", "Ionescu", "Kazlauskas",
                                        "Zieliński", "Dąbrowski", "Petrauskas"};
static const char *const roma_boys[] = {"Patrik", "Marek", "Roman", "Dominik", "Nikolas", "Denis"};
static const char *const roma_girls[] = {"Denisa", "Nikola", "Silvia", "Vanessa", "Adriana", "Monika"};
static const char *const roma_last[] = {"Horváth", "Balogh", "Lakatos", "Kováč", "Oláh", "Rostas", "Dužda"};
static const char *const sasia_boys[] = {"Muhammad", "Ibrahim", "Ayaan", "Yusuf", "Zain",
                                         "Hamza", "Rayyan", "Arham", "Idris", "Bilal"};
static const char *const sasia_girls[] = {"Aisha", "Maryam", "Zara", "Inaya", "Hafsa",
                                          "Fatima", "Sumaiya", "Anaya", "Noor", "Safa"};
static const char *const sasia_last[] = {"Khan", "Hussain", "Ahmed", "Ali", "Rahman", "Iqbal",
                                         "Akhtar", "Mahmood", "Chowdhury", "Uddin", "Miah",
                                         "Islam"};
static const char *const ind_boys[] = {"Arjun", "Aarav", "Rohan", "Dev", "Vihaan", "Kabir"};
static const char *const ind_girls[] = {"Priya", "Anika", "Diya", "Ishani", "Meera", "Riya"};
static const char *const ind_last[] = {"Patel", "Sharma", "Mistry", "Shah", "Gill", "D'Souza"};
static const char *const afr_boys[] = {"David", "Daniel", "Emmanuel", "Samuel", "Kwame",
                                       "Tobi", "Chidi", "Ayomide", "Abdirahman"};
static const char *const afr_girls[] = {"Favour", "Precious", "Blessing", "Amara", "Zainab",
                                        "Esther", "Chioma", "Hodan", "Adaeze"};
static const char *const afr_last[] = {"Okafor", "Adeyemi", "Mensah", "Osei", "Mohamed",
                                       "Abdi", "Nwosu", "Owusu", "Bello", "Okonkwo"};
static const char *const carib_boys[] = {"Tyrese", "Malachi", "Kayden", "Jaden", "Marcus", "Isaiah"};
static const char *const carib_girls[] = {"Aaliyah", "Nia", "Jada", "Shanice", "Keisha", "Tiana"};
static const char *const carib_last[] = {"Campbell", "Francis", "Grant", "Reid", "Thomas", "Clarke", "Baptiste"};
static const char *const chin_boys[] = {"Ethan", "Jason", "Kevin", "Lucas", "Haoran", "Yiming"};
static const char *const chin_girls[] = {"Emily", "Joyce", "Vivian", "Xinyi", "Yutong", "Chloe"};
static const char *const chin_last[] = {"Chen", "Wang", "Li", "Zhang", "Liu", "Wong", "Lam", "Cheung"};
static const char *const neutral_first[] = {"Alex", "Jordan", "Charlie", "Sam", "Jamie", "Riley", "Robin", "Ashley"};
static const char *const nicknames[] = {"JJ", "AJ", "Jay", "Dee", "Kez", "Bo"};

typedef struct {
    const char *const *boys, *const *girls, *const *last;
    int nboys, ngirls, nlast;
} NameSet;

#define NAMESET(b, g, l) {b, g, l, COUNT(b), COUNT(g), COUNT(l)}
enum { NS_BRIT, NS_TRAV, NS_EEUR, NS_ROMA, NS_SASIA, NS_IND, NS_AFR, NS_CARIB, NS_CHIN };
static const NameSet namesets[] = {
    NAMESET(brit_boys, brit_girls, brit_last),    NAMESET(trav_boys, trav_girls, trav_last),
    NAMESET(eeur_boys, eeur_girls, eeur_last),    NAMESET(roma_boys, roma_girls, roma_last),
    NAMESET(sasia_boys, sasia_girls, sasia_last), NAMESET(ind_boys, ind_girls, ind_last),
    NAMESET(afr_boys, afr_girls, afr_last),       NAMESET(carib_boys, carib_girls, carib_last),
    NAMESET(chin_boys, chin_girls, chin_last),
};

/* DfE ethnicity codes for a white-British-majority deprived town. */
static const struct {
    const char code[5];
    short permille;   /* share of pupils */
    short nameset;
    short eal_pct;    /* chance of English as an additional language */
    short eid_pct;    /* chance the family marks Eid (R code on the dates below) */
} ethnicities[] = {
    {"WBRI", 640, NS_BRIT, 1, 0},   {"WIRT", 10, NS_TRAV, 2, 0},   {"WROM", 20, NS_ROMA, 85, 0},
    {"WOTH", 80, NS_EEUR, 90, 0},   {"MWBC", 40, NS_CARIB, 3, 0},  {"MOTH", 15, NS_BRIT, 10, 5},
    {"BCRB", 15, NS_CARIB, 2, 0},   {"BAFR", 45, NS_AFR, 50, 35},  {"APKN", 70, NS_SASIA, 70, 90},
    {"ABAN", 30, NS_SASIA, 80, 90}, {"AIND", 10, NS_IND, 60, 0},   {"CHNE", 5, NS_CHIN, 70, 0},
    {"REFU", 10, NS_BRIT, 5, 0},    {"NOBT", 10, NS_BRIT, 5, 0},
};

/* Approximate Eid al-Fitr / al-Adha dates (R: religious observance). */
static const struct {
    short y, m, d;
} eid_dates[] = {
    {2023, 4, 21}, {2023, 6, 28}, {2024, 4, 10}, {2024, 6, 17}, {2025, 3, 31}, {2025, 6, 6},
    {2026, 3, 20}, {2026, 5, 27}, {2027, 3, 10}, {2027, 5, 17},
};

static const char *const school_prefix[] = {
    "Brookfield", "Hillside", "Oakwood", "Riverside", "St Mary's", "Meadowbank", "Ashgrove",
    "Northgate", "Westfield", "Canalside", "Greenacres", "Holy Trinity", "Kingsway",
    "Parkview", "Moorside", "Thornhill", "Beechwood", "Millbrook", "Fairfield", "Sandhill",
    "Crossley", "Larkspur", "Highfield", "Victoria", "Albert Road", "Coalbrook",
    "Marsh Lane", "Willowbank", "St Joseph's", "Foxhill"};
static const char *const primary_suffix[] = {"Primary", "Primary School", "Community Primary", "Junior and Infant"};
static const char *const secondary_suffix[] = {"Academy", "High School", "School", "College"};
static const char *const clusters[] = {"North", "South", "Central"};

enum { CAT_DISRUPTION, CAT_DEFIANCE, CAT_VERBAL, CAT_PHYSICAL, CAT_BULLYING, CAT_TRUANCY,
       CAT_DAMAGE, CAT_RACIST, CAT_DRUGS, NCAT };
static const char *const categories[NCAT] = {
    "disruption", "defiance", "verbal_abuse", "physical_assault", "bullying", "truancy",
    "damage", "racist_abuse", "drugs_alcohol"};
static const int cat_weight_primary[NCAT] = {46, 20, 10, 15, 5, 0, 4, 0, 0};
static const int cat_weight_secondary[NCAT] = {36, 22, 12, 8, 6, 10, 3, 2, 1};
static const struct {
    short lo, hi;                         /* points */
    short none, det, internal, susp;      /* action weights */
} cat_rules[NCAT] = {
    {1, 3, 30, 70, 0, 0},    {2, 5, 5, 70, 25, 0},   {3, 8, 0, 56, 43, 1},
    {5, 30, 0, 20, 75, 5},   {5, 20, 0, 35, 63, 2},  {3, 5, 0, 60, 40, 0},
    {5, 15, 0, 45, 53, 2},   {10, 20, 0, 0, 93, 7},  {20, 40, 0, 0, 70, 30},
};
enum { ACT_NONE, ACT_DETENTION, ACT_INTERNAL, ACT_SUSPENSION, ACT_PERMANENT };
static const char *const actions[] = {"none", "detention", "internal_exclusion", "suspension",
                                      "permanent_exclusion"};
/* Suspension lengths in half days: 0.5, 1, 2, 3, 5 days. */
static const int susp_halves[] = {1, 2, 4, 6, 10};
static const int susp_weight[] = {15, 45, 20, 15, 5};

enum { HK_NURSE, HK_CONDITION, HK_MENTAL, HK_CAMHS, HK_DENTAL, HK_ASTHMA, NHK };
static const char *const health_kinds[NHK] = {"school_nurse_referral", "medical_condition",
                                              "mental_health", "camhs_referral", "dental", "asthma"};
static const char *const severities[] = {"low", "medium", "high"};
static const char *const steps[] = {"gap", "emerging", "expected", "deepening"};
static const char *const primary_subjects[] = {"maths", "reading", "writing"};
static const char *const secondary_subjects[] = {"maths", "english"};

/* ------------------------------------------------------------------------
 * School calendar: holidays are the same zone-wide and depend on the date
 * only; INSET days depend on the school. */

static zt_date ymd(int y, int m, int d)
{
    return zt_date_from_ymd(y, m, d);
}

static zt_date monday_of(zt_date d)
{
    return d - zt_date_weekday(d);
}

/* Last Friday on or before d. */
static zt_date friday_on_or_before(zt_date d)
{
    return d - (zt_date_weekday(d) - 4 + 7) % 7;
}

static int in_range(zt_date d, zt_date lo, zt_date hi)
{
    return d >= lo && d <= hi;
}

/* School holidays: October half-term (last full week of October), Christmas
 * (20 Dec - 2 Jan, to the weekend when 3 Jan is a Thursday or Friday),
 * February half-term (week of 16 Feb), Easter (two weeks from the Monday of
 * the week of 30 Mar), the May Day bank holiday, May half-term (last full
 * week of May) and summer (22 Jul - 31 Aug). */
static int is_holiday(zt_date d)
{
    int y, m, dd;
    zt_date_to_ymd(d, &y, &m, &dd);
    switch (m) {
    case 10: {
        zt_date fri = friday_on_or_before(ymd(y, 10, 31));
        return in_range(d, fri - 4, fri);
    }
    case 12:
        return dd >= 20;
    case 1: {
        zt_date jan3 = ymd(y, 1, 3);
        int wd = zt_date_weekday(jan3);
        zt_date end = (wd == 3 || wd == 4) ? jan3 + (6 - wd) : jan3 - 1;
        return d <= end;
    }
    case 2: {
        zt_date mon = monday_of(ymd(y, 2, 16));
        return in_range(d, mon, mon + 4);
    }
    case 3:
    case 4: {
        zt_date mon = monday_of(ymd(y, 3, 30));
        return in_range(d, mon, mon + 13);
    }
    case 5: {
        zt_date may1 = ymd(y, 5, 1);
        zt_date mayday = may1 + (7 - zt_date_weekday(may1)) % 7;
        zt_date fri = friday_on_or_before(ymd(y, 5, 31));
        return d == mayday || in_range(d, fri - 4, fri);
    }
    case 7:
        return dd >= 22;
    case 8:
        return 1;
    default:
        return 0;
    }
}

static int is_open_raw(zt_date d)
{
    return zt_date_weekday(d) < 5 && !is_holiday(d);
}

static zt_date next_open(zt_date d)
{
    while (!is_open_raw(d))
        d++;
    return d;
}

/* An open day in [lo, hi] chosen by h (lo when there is none). */
static zt_date pick_open(uint64_t h, zt_date lo, zt_date hi)
{
    zt_date d = lo + (zt_date)(h % (uint64_t)(hi - lo + 1));
    for (zt_date x = d; x <= hi; x++)
        if (is_open_raw(x))
            return x;
    for (zt_date x = d - 1; x >= lo; x--)
        if (is_open_raw(x))
            return x;
    return lo;
}

/* A school's INSET (closure, '#') days in academic year ay: the first day of
 * the autumn term or a day in early October; sometimes the first day back in
 * January; sometimes the Monday after February half-term. */
static int is_inset_raw(uint64_t school_key, zt_date d)
{
    zt_date ay_start = zt_academic_year_start(d);
    int ay, m_, d_;
    zt_date_to_ymd(ay_start, &ay, &m_, &d_);
    uint64_t h = khash(stream_key(school_key, ST_INSET), ay);
    zt_date a = (h % 100 < 55) ? next_open(ay_start)
                               : pick_open(mix64(h), ymd(ay, 10, 1), ymd(ay, 10, 17));
    if (d == a)
        return 1;
    if ((h >> 8) % 100 < 40 && d == next_open(ymd(ay + 1, 1, 2)))
        return 1;
    if ((h >> 16) % 100 < 30 && d == next_open(monday_of(ymd(ay + 1, 2, 16)) + 7))
        return 1;
    return 0;
}

/* Calendar flags cached over the run's window; outside it they are
 * recomputed, so the cache changes speed only, never results. */
enum { CAL_OPEN = 1, CAL_INSET = 2 };
typedef struct {
    uint64_t school_key;
    zt_date lo, hi;
    unsigned char *flags;
} Cal;

static int cal_raw(uint64_t school_key, zt_date d)
{
    if (!is_open_raw(d))
        return 0;
    return CAL_OPEN | (is_inset_raw(school_key, d) ? CAL_INSET : 0);
}

static int cal_flags(const Cal *c, zt_date d)
{
    if (c->flags && d >= c->lo && d <= c->hi)
        return c->flags[d - c->lo];
    return cal_raw(c->school_key, d);
}

/* Open and not INSET: a day pupils can attend. */
static int cal_teaching(const Cal *c, zt_date d)
{
    return cal_flags(c, d) == CAL_OPEN;
}

static int cal_build(Cal *c, zt_date lo, zt_date hi)
{
    c->flags = malloc((size_t)(hi - lo + 1));
    if (!c->flags)
        return -1;
    for (zt_date d = lo; d <= hi; d++)
        c->flags[d - lo] = (unsigned char)cal_raw(c->school_key, d);
    c->lo = lo;
    c->hi = hi;
    return 0;
}

/* A teaching day of the school in [lo, hi] chosen by h. */
static zt_date pick_teaching(const Cal *c, uint64_t h, zt_date lo, zt_date hi)
{
    zt_date d = lo + (zt_date)(h % (uint64_t)(hi - lo + 1));
    for (zt_date x = d; x <= hi; x++)
        if (cal_teaching(c, x))
            return x;
    for (zt_date x = d - 1; x >= lo; x--)
        if (cal_teaching(c, x))
            return x;
    return lo;
}

/* Weekday number: Mondays-to-Fridays counted from 1970, holidays included;
 * the clock that spells run on. */
static int32_t weekday_index(zt_date d)
{
    int32_t m = d + 3; /* days since Monday 1969-12-29 */
    int32_t w = m >= 0 ? m / 7 : -((-m + 6) / 7);
    int32_t r = m - w * 7;
    return w * 5 + (r < 5 ? r : 5);
}

static int is_eid(zt_date d)
{
    for (int i = 0; i < COUNT(eid_dates); i++)
        if (d == ymd(eid_dates[i].y, eid_dates[i].m, eid_dates[i].d))
            return 1;
    return 0;
}

/* ------------------------------------------------------------------------
 * Zone model */

typedef struct {
    char upn[ZT_UPN_LEN + 1];
    char name[96];
    uint64_t key, k_ill, k_unauth, k_hol, k_sess, k_day, k_beh, k_health, k_assess;
    zt_date entry, move_date, pex_date, pex_leave;
    int home, move_to;
    double p_ill, p_unauth, p_hol, p_med, p_late, p_lateu, p_other, p_sport, p_beh, p_health;
    double latent;
    signed char year_group, ap_weekday;
    char gender, sen;
    unsigned char fsm, ever6, cic, eal, gifted, idaci, eid, eth, health_kind, beh_class;
    uint64_t move_hash;
    double move_u;
} Pupil;

typedef struct {
    int pupil;            /* index into Zone.pupils */
    zt_date entry, leave; /* on roll for entry <= d < leave */
    int row;              /* 0-based row on this school's roll */
} Roll;

typedef struct {
    int urn, estab, secondary, cluster;
    char name[64];
    Cal cal;
    Roll *roll;
    int nroll, cap;
} School;

typedef struct {
    uint64_t seed;
    int nschools, npupils;
    zt_date from, to, only_day;
    const char *out;
    School *schools;
    Pupil *pupils; /* nschools * npupils, school-major */
    int nmovers, npex;
} Zone;

static int is_disadvantaged(const Pupil *p)
{
    return p->fsm || p->ever6;
}

static void school_init(School *s, const Zone *z, int i)
{
    memset(s, 0, sizeof *s);
    s->urn = 137104 + i * 283 + (i * 37) % 50;
    s->secondary = (i % 10 == 1 || i % 10 == 4 || i % 10 == 7);
    s->estab = (s->secondary ? 4000 : 2000) + 101 + i * 7;
    s->cluster = i % COUNT(clusters);
    int np = COUNT(school_prefix);
    const char *suffix = s->secondary ? secondary_suffix[(i / np) % COUNT(secondary_suffix)]
                                      : primary_suffix[(i / np) % COUNT(primary_suffix)];
    snprintf(s->name, sizeof s->name, "%s %s", school_prefix[i % np], suffix);
    s->cal.school_key = hash3(z->seed, (uint64_t)s->urn, ST_SCHOOL);
}

static int roll_add(School *s, int pupil, zt_date entry, zt_date leave)
{
    if (s->nroll == s->cap) {
        int cap = s->cap ? s->cap * 2 : 64;
        Roll *r = realloc(s->roll, (size_t)cap * sizeof *r);
        if (!r)
            return -1;
        s->roll = r;
        s->cap = cap;
    }
    s->roll[s->nroll] = (Roll){pupil, entry, leave, s->nroll};
    s->nroll++;
    return 0;
}

/* Illness, unauthorised-absence and behaviour classes: most pupils low, a
 * tail high; disadvantage, SEN and care shift pupils up a class. */
static int bump_class(Rng *r, int cls, int max, double chance)
{
    return (cls < max && rng_u01(r) < chance) ? cls + 1 : cls;
}

static void gen_pupil(const Zone *z, const School *s, int si, int j, Pupil *p)
{
    Rng r = {hash3(z->seed, (uint64_t)s->urn, (uint64_t)j)};
    memset(p, 0, sizeof *p);
    p->key = rng_next(&r);
    p->k_ill = stream_key(p->key, ST_ILL);
    p->k_unauth = stream_key(p->key, ST_UNAUTH);
    p->k_hol = stream_key(p->key, ST_HOLIDAY);
    p->k_sess = stream_key(p->key, ST_SESSION);
    p->k_day = stream_key(p->key, ST_DAY);
    p->k_beh = stream_key(p->key, ST_BEH);
    p->k_health = stream_key(p->key, ST_HEALTH);
    p->k_assess = stream_key(p->key, ST_ASSESS);
    p->home = si;
    p->move_to = -1;
    p->move_date = p->pex_date = ZG_NONE;
    p->pex_leave = ZG_NEVER;

    /* Year group by position: the roll is split evenly across the groups,
     * which keeps the UPN serial (position within group) below 1000. */
    int ngroups = s->secondary ? 5 : 7;
    int base = z->npupils / ngroups, extra = z->npupils % ngroups;
    int g = 0, start = 0;
    while (g < ngroups - 1) {
        int size = base + (g < extra);
        if (j < start + size)
            break;
        start += size;
        g++;
    }
    int serial = j - start;
    p->year_group = (signed char)(s->secondary ? 7 + g : g); /* 0 = Reception */
    int reception_year = ZG_REF_YEAR - p->year_group;
    int phase_year = ZG_REF_YEAR - (s->secondary ? p->year_group - 7 : p->year_group);

    /* UPN: check letter, LA code, establishment, 2-digit year, serial. */
    const int parts[4][2] = {{ZG_LA_CODE, 3}, {s->estab, 4}, {reception_year % 100, 2}, {serial, 3}};
    char *q = p->upn + 1;
    for (int k = 0; k < 4; k++) {
        for (int w = parts[k][1], v = parts[k][0]; w > 0; w--, v /= 10)
            q[w - 1] = (char)('0' + v % 10);
        q += parts[k][1];
    }
    *q = '\0';
    p->upn[0] = zt_upn_check_letter(p->upn);

    double u = rng_u01(&r);
    p->gender = u < 0.005 ? 'X' : u < 0.5025 ? 'M' : 'F';

    int ew[COUNT(ethnicities)];
    for (int i = 0; i < COUNT(ethnicities); i++)
        ew[i] = ethnicities[i].permille;
    p->eth = (unsigned char)pick_weighted(rng_u01(&r), ew, COUNT(ethnicities));
    p->eal = rng_u01(&r) * 100 < ethnicities[p->eth].eal_pct;
    p->eid = rng_u01(&r) * 100 < ethnicities[p->eth].eid_pct;

    /* Name: "First Last"; a few as the MIS's "Last, First" or with a quoted
     * nickname, to exercise CSV quoting. */
    const NameSet *ns = &namesets[ethnicities[p->eth].nameset];
    const char *first = p->gender == 'M'   ? ns->boys[rng_below(&r, ns->nboys)]
                        : p->gender == 'F' ? ns->girls[rng_below(&r, ns->ngirls)]
                                           : neutral_first[rng_below(&r, COUNT(neutral_first))];
    const char *last = ns->last[rng_below(&r, ns->nlast)];
    u = rng_u01(&r);
    if (u < 0.005)
        snprintf(p->name, sizeof p->name, "%s, %s", last, first);
    else if (u < 0.008)
        snprintf(p->name, sizeof p->name, "%s \"%s\" %s", first,
                 nicknames[rng_below(&r, COUNT(nicknames))], last);
    else
        snprintf(p->name, sizeof p->name, "%s %s", first, last);

    /* Disadvantage: each school's FSM rate is 28-42%. */
    double school_fsm = 0.28 + 0.14 * hu01(mix64(s->cal.school_key));
    p->fsm = rng_u01(&r) < school_fsm;
    p->ever6 = p->fsm || rng_u01(&r) < 0.155;
    int dis = is_disadvantaged(p);
    p->cic = rng_u01(&r) < (dis ? 0.016 : 0.004);
    double male = p->gender == 'M' ? 1.3 : 0.72;
    u = rng_u01(&r);
    double pe = 0.04 * male * (dis ? 1.15 : 0.88), pk = 0.16 * male * (dis ? 1.15 : 0.88);
    p->sen = u < pe ? 'E' : u < pe + pk ? 'K' : 'N';
    static const int idaci_w[11] = {6, 40, 25, 15, 6, 3, 2, 1, 1, 1, 0}; /* [0] = empty */
    int idw[11];
    memcpy(idw, idaci_w, sizeof idw);
    if (p->fsm) {
        idw[1] += 15;
        idw[2] += 5;
    }
    p->idaci = (unsigned char)pick_weighted(rng_u01(&r), idw, 11);

    /* Entry: start of the school's phase, or a mid-year join (~3%). */
    p->entry = next_open(ymd(phase_year, 9, 1));
    if (rng_u01(&r) < 0.03)
        p->entry = pick_teaching(&s->cal, rng_next(&r), ymd(ZG_REF_YEAR, 9, 8),
                                 ymd(ZG_REF_YEAR + 1, 3, 13));
    else
        (void)rng_next(&r);

    /* Attainment: one latent score; gifted is its top end. */
    p->latent = 0.3 + rng_norm(&r) - (dis ? 0.55 : 0) - (p->sen == 'K' ? 1.1 : 0) -
                (p->sen == 'E' ? 2.0 : 0) - (p->cic ? 0.4 : 0);
    p->gifted = p->sen == 'N' && p->latent > 1.62;

    /* Attendance. Illness: a share of days per pupil, about 3.3% on average. */
    static const double ill_level[] = {0.4, 0.8, 1.2, 1.8, 3.2};
    static const int ill_w[] = {30, 30, 25, 12, 3};
    double f_ill = 0.029 * ill_level[pick_weighted(rng_u01(&r), ill_w, 5)] *
                   (0.8 + 0.4 * rng_u01(&r));
    f_ill *= (dis ? 1.2 : 1.0) * (p->sen == 'K' ? 1.2 : p->sen == 'E' ? 1.8 : 1.0) *
             (p->cic ? 1.2 : 1.0) * (p->year_group <= 1 ? 1.25 : 1.0);
    p->p_ill = neg_log1m(f_ill) / 2.62; /* mean illness spell 2.62 days */

    /* Unauthorised absence: five classes, the top two persistent absentees. */
    static const int un_w_adv[] = {560, 280, 110, 35, 15}; /* per mille */
    static const int un_w_dis[] = {380, 310, 180, 90, 40};
    int ucls = pick_weighted(rng_u01(&r), dis ? un_w_dis : un_w_adv, 5);
    ucls = bump_class(&r, ucls, 4, (p->sen != 'N' ? 0.2 : 0) + (p->cic ? 0.3 : 0));
    static const double un_level[] = {0.002, 0.008, 0.02, 0.13, 0.3};
    double f_un = un_level[ucls] * (0.75 + 0.5 * rng_u01(&r));
    if (ucls == 4)
        f_un = 0.3 + 0.4 * rng_u01(&r);
    else if (s->secondary)
        f_un *= p->year_group >= 10 ? 1.6 : 1.3;
    p->p_unauth = neg_log1m(f_un) / 3.25; /* mean run 3.25 days */

    /* Term-time holidays (G): one pupil in ten is in a family that takes them. */
    p->p_hol = rng_u01(&r) < 0.10 ? 0.02 : 0;
    p->p_med = 0.003 * (p->sen == 'E' ? 4 : 1);
    static const double late_level[] = {0.005, 0.02, 0.06, 0.15};
    static const int late_w[] = {50, 30, 15, 5};
    p->p_late = late_level[pick_weighted(rng_u01(&r), late_w, 4)] * (dis ? 1.5 : 1);
    p->p_lateu = p->p_late / 6;
    p->p_other = 0.0015;
    p->p_sport = rng_u01(&r) < (s->secondary ? 0.12 : 0.05) ? 0.012 : 0;

    /* Behaviour: incidents per school year by class. */
    static const double beh_rate[] = {0.3, 1.5, 5, 14, 35};
    static const int beh_w[] = {500, 300, 130, 55, 15};
    int bcls = pick_weighted(rng_u01(&r), beh_w, 5);
    bcls = bump_class(&r, bcls, 4, (dis ? 0.4 : 0) + (p->sen != 'N' ? 0.4 : 0) + (p->cic ? 0.3 : 0));
    p->beh_class = (unsigned char)bcls;
    double lambda = beh_rate[bcls] * (p->gender == 'M' ? 1.5 : 0.7) *
                    (s->secondary ? 1.4 : p->year_group <= 1 ? 0.5 : 1.0);
    p->p_beh = lambda / 190.0;
    /* Off-site alternative provision one day a week for the worst-behaved
     * secondary pupils (B). */
    p->ap_weekday = -1;
    if (s->secondary && bcls >= 3 && rng_u01(&r) < 0.35)
        p->ap_weekday = (signed char)rng_below(&r, 5);
    else
        (void)rng_next(&r);

    /* Health: most pupils rarely, a minority with a recurring kind. */
    static const double health_rate[] = {0.04, 1.2, 3.5};
    static const int health_w[] = {820, 145, 35};
    int hcls = pick_weighted(rng_u01(&r), health_w, 3);
    p->p_health = health_rate[hcls] / 190.0;
    int kw[NHK] = {15, 25, s->secondary ? 35 : 15, 0, 10, 30};
    p->health_kind = (unsigned char)pick_weighted(rng_u01(&r), kw, NHK);
    if (hcls > 0 && (p->health_kind == HK_CONDITION || p->health_kind == HK_ASTHMA))
        p->p_med *= 2.5;

    p->move_u = rng_u01(&r);
    p->move_hash = rng_next(&r);
}

/* ------------------------------------------------------------------------
 * One pupil's day */

typedef struct {
    int cat, points, action, halves; /* halves: suspension length in half days */
} Incident;

typedef struct {
    char am, pm;
    int nincidents;
    Incident inc[2];
    int health_kind, health_sev; /* health_kind -1: none */
} Day;

static int un_len(uint64_t h)
{
    static const int w[10] = {30, 20, 15, 10, 10, 3, 3, 3, 3, 3};
    return 1 + pick_weighted(hu01(h), w, 10);
}

static int ill_len(uint64_t h)
{
    static const int w[5] = {20, 32, 24, 14, 10};
    return 1 + pick_weighted(hu01(h), w, 5);
}

static int trip_day(const School *s, int year_group, int32_t k)
{
    uint64_t key = stream_key(s->cal.school_key, ST_TRIP + 16 * (year_group + 1));
    return hu01(khash(key, k)) < 0.006;
}

/* The pupil's marks on teaching day d ignoring suspensions and exclusion. */
static void base_marks(const School *s, const Pupil *p, zt_date d, char *am_out, char *pm_out)
{
    int32_t k = weekday_index(d);
    char am = 0, pm = 0;

    if (p->p_hol > 0)
        for (int j = 0; j < 10; j++) {
            int32_t ks = k - j;
            if (((ks % 5) + 5) % 5 != 0) /* holidays start on a Monday */
                continue;
            uint64_t h = khash(p->k_hol, ks);
            if (hu01(h) < p->p_hol) {
                int len = mix64(h) % 10 < 7 ? 5 : 10;
                if (len > j) {
                    am = pm = 'G';
                    break;
                }
            }
        }
    if (!am && p->p_unauth > 0)
        for (int j = 0; j < 10; j++) {
            uint64_t h = khash(p->k_unauth, k - j);
            if (hu01(h) < p->p_unauth) {
                uint64_t h2 = mix64(h);
                int len = un_len(h2);
                if (len > j) {
                    int n = (int)((h2 & 0xFFFF) % 10); /* low bits: independent of len */
                    am = pm = (len == 1 ? n < 4 : n == 0) ? 'N' : 'O';
                    break;
                }
            }
        }
    if (!am && !pm && p->p_ill > 0)
        for (int j = 0; j < 5; j++) {
            uint64_t h = khash(p->k_ill, k - j);
            if (hu01(h) < p->p_ill) {
                uint64_t h2 = mix64(h);
                if (ill_len(h2) > j) {
                    if (j == 0 && (h2 & 0xFFFF) % 100 < 12)
                        pm = 'I'; /* sent home ill at lunchtime */
                    else
                        am = pm = 'I';
                    break;
                }
            }
        }
    if (!am && !pm) {
        uint64_t h = khash(p->k_day, k);
        if (hu01(h) < p->p_other)
            am = pm = 'C';
        else if (p->eid && (mix64(h) % 100) < 75 && is_eid(d))
            am = pm = 'R';
        else if (p->ap_weekday == zt_date_weekday(d))
            am = pm = 'B';
        else if (trip_day(s, p->year_group, k))
            am = pm = 'V';
    }
    if (!am) {
        double u = hu01(khash(p->k_sess, 2 * (int64_t)k));
        am = u < p->p_med ? 'M' : u < p->p_med + p->p_late ? 'L'
             : u < p->p_med + p->p_late + p->p_lateu ? 'U' : '/';
    }
    if (!pm) {
        double u = hu01(khash(p->k_sess, 2 * (int64_t)k + 1));
        pm = u < p->p_med ? 'M' : u < p->p_med + p->p_sport ? 'P' : '\\';
    }
    *am_out = am;
    *pm_out = pm;
}

static void make_incident(Rng *r, int secondary, double susp_mult, Incident *inc)
{
    const int *cw = secondary ? cat_weight_secondary : cat_weight_primary;
    int cat = pick_weighted(rng_u01(r), cw, NCAT);
    int lo = cat_rules[cat].lo, hi = cat_rules[cat].hi;
    int aw[4] = {cat_rules[cat].none, cat_rules[cat].det, cat_rules[cat].internal,
                 (int)(cat_rules[cat].susp * (secondary ? 2 : 1) * susp_mult + 0.5)};
    inc->cat = cat;
    inc->points = lo + rng_below(r, hi - lo + 1);
    inc->action = pick_weighted(rng_u01(r), aw, 4);
    inc->halves = 0;
    if (inc->action == ACT_SUSPENSION) {
        inc->halves = susp_halves[pick_weighted(rng_u01(r), susp_weight, COUNT(susp_weight))];
        if (inc->points < 10)
            inc->points = 10 + rng_below(r, 6);
    }
}

/* Candidate incidents on d, before asking whether the pupil was there. */
static int candidates(const School *s, const Pupil *p, zt_date d, Incident out[2])
{
    uint64_t h = khash(p->k_beh, d);
    if (hu01(h) >= p->p_beh)
        return 0;
    Rng r = {h};
    int n = rng_u01(&r) < 0.06 ? 2 : 1;
    /* Disadvantaged pupils and pupils with SEN are suspended more often for
     * the same incident, as in national data. */
    double susp_mult = (is_disadvantaged(p) ? 1.5 : 0.7) * (p->sen != 'N' ? 1.5 : 1.0);
    for (int i = 0; i < n; i++)
        make_incident(&r, s->secondary, susp_mult, &out[i]);
    return n;
}

/* Longest whole-day suspension among candidates, in days. */
static int candidate_susp_days(const School *s, const Pupil *p, zt_date d)
{
    Incident inc[2];
    int n = candidates(s, p, d, inc), best = 0;
    for (int i = 0; i < n; i++)
        if (inc[i].action == ACT_SUSPENSION && inc[i].halves / 2 > best)
            best = inc[i].halves / 2;
    return best;
}

static int attending(char am)
{
    return am == '/' || am == 'L';
}

#define MAX_SUSP_DAYS 5

/* Previous teaching day not before lo, or ZG_NONE. */
static zt_date prev_teaching(const School *s, zt_date lo, zt_date d)
{
    for (d--; d >= lo; d--)
        if (cal_teaching(&s->cal, d))
            return d;
    return ZG_NONE;
}

/* Look-backs for suspensions stay on this roll and in this academic year:
 * a suspension does not carry over the summer. */
static zt_date lookback_floor(const Roll *e, zt_date d)
{
    zt_date ay = zt_academic_year_start(d);
    return e->entry > ay ? e->entry : ay;
}

/* Whether a candidate whole-day suspension from one of the 5 previous
 * teaching days reaches d (level 1 of the look-back). */
static int candidate_cover(const School *s, const Roll *e, const Pupil *p, zt_date d)
{
    zt_date x = d, lo = lookback_floor(e, d);
    for (int dist = 1; dist <= MAX_SUSP_DAYS; dist++) {
        x = prev_teaching(s, lo, x);
        if (x == ZG_NONE)
            return 0;
        if (candidate_susp_days(s, p, x) >= dist)
            return 1;
    }
    return 0;
}

/* Incidents that really happened on teaching day d (not the exclusion). */
static int actual_incidents(const School *s, const Roll *e, const Pupil *p, zt_date d,
                            char base_am, Incident out[2])
{
    if (d == p->pex_date || !attending(base_am))
        return 0;
    int n = candidates(s, p, d, out);
    if (n && candidate_cover(s, e, p, d))
        return 0;
    return n;
}

/* Whether a real whole-day suspension from the previous 5 teaching days
 * covers d. */
static int suspended(const School *s, const Roll *e, const Pupil *p, zt_date d)
{
    zt_date x = d, lo = lookback_floor(e, d);
    for (int dist = 1; dist <= MAX_SUSP_DAYS; dist++) {
        x = prev_teaching(s, lo, x);
        if (x == ZG_NONE)
            return 0;
        if (candidate_susp_days(s, p, x) < dist)
            continue; /* cheap test first */
        char am, pm;
        Incident inc[2];
        base_marks(s, p, x, &am, &pm);
        int n = actual_incidents(s, e, p, x, am, inc);
        for (int i = 0; i < n; i++)
            if (inc[i].action == ACT_SUSPENSION && inc[i].halves / 2 >= dist)
                return 1;
    }
    return 0;
}

/* Everything pupil e has on open day d of school s (e on roll that day). */
static void day_data(const School *s, const Roll *e, const Pupil *p, zt_date d, Day *out)
{
    out->nincidents = 0;
    out->health_kind = -1;
    if (cal_flags(&s->cal, d) & CAL_INSET) {
        out->am = out->pm = '#';
        return;
    }
    if (p->pex_date != ZG_NONE && d > p->pex_date) {
        out->am = out->pm = 'E'; /* excluded, on roll until the review */
        return;
    }

    /* Health events: on any teaching day, whether or not in school. */
    uint64_t hh = khash(p->k_health, d);
    if (hu01(hh) < p->p_health) {
        Rng r = {hh};
        int kind = p->health_kind;
        if (rng_u01(&r) >= 0.65) {
            static const int any[NHK] = {25, 20, 15, 5, 20, 15};
            kind = pick_weighted(rng_u01(&r), any, NHK);
        }
        if (kind == HK_MENTAL && s->secondary && rng_u01(&r) < 0.3)
            kind = HK_CAMHS;
        static const int sev_mental[3] = {50, 40, 10}, sev_camhs[3] = {20, 60, 20},
                         sev_other[3] = {70, 27, 3};
        const int *sw = kind == HK_CAMHS ? sev_camhs : kind == HK_MENTAL ? sev_mental : sev_other;
        out->health_kind = kind;
        out->health_sev = pick_weighted(rng_u01(&r), sw, 3);
    }

    if (d == p->pex_date) {
        /* Excluded during the morning, or while already suspended. */
        Rng r = {khash(stream_key(p->key, ST_PEX), d)};
        out->am = suspended(s, e, p, d) ? 'E' : '/';
        out->pm = 'E';
        out->nincidents = 1;
        out->inc[0] = (Incident){rng_u01(&r) < 0.7 ? CAT_PHYSICAL : CAT_DRUGS,
                                 50 + rng_below(&r, 31), ACT_PERMANENT, 0};
        return;
    }
    base_marks(s, p, d, &out->am, &out->pm);
    if (suspended(s, e, p, d)) {
        out->am = out->pm = 'E';
        return;
    }
    out->nincidents = actual_incidents(s, e, p, d, out->am, out->inc);
    for (int i = 0; i < out->nincidents; i++)
        if (out->inc[i].action == ACT_SUSPENSION && out->inc[i].halves == 1)
            out->pm = 'E'; /* half-day suspension: sent home at lunch */
}

/* Termly teacher assessment: the latent score, a stable subject offset and
 * a little term-to-term noise, cut into the four steps. */
static int assess_step(const Pupil *p, int secondary, int subject, zt_date d)
{
    Rng r1 = {khash(p->k_assess, 1000 + subject)};
    Rng r2 = {khash(p->k_assess, (int64_t)d * 8 + subject)};
    double score = p->latent + 0.45 * rng_norm(&r1) + 0.28 * rng_norm(&r2);
    int language = secondary ? subject == 1 : subject >= 1;
    if (p->eal && language && p->year_group <= 3)
        score -= 0.4;
    if (score < -2.0)
        return 0;
    if (score < -0.82)
        return 1;
    if (score < 1.15)
        return 2;
    return 3;
}

/* Whether d is one of the school's termly assessment dates: the last
 * teaching day on or before 20 Oct, 18 Dec, 20 Mar and 10 Jul. */
static int is_assessment_day(const School *s, zt_date d)
{
    if (!cal_teaching(&s->cal, d))
        return 0;
    int ay, m, dd;
    zt_date_to_ymd(zt_academic_year_start(d), &ay, &m, &dd);
    const zt_date targets[4] = {ymd(ay, 10, 20), ymd(ay, 12, 18), ymd(ay + 1, 3, 20),
                                ymd(ay + 1, 7, 10)};
    for (int i = 0; i < 4; i++) {
        zt_date t = targets[i];
        if (d > t)
            continue;
        while (!cal_teaching(&s->cal, t))
            t--;
        if (t == d)
            return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * Output */

typedef struct {
    char path[4096];
    FILE *f;
    char *vbuf;
    unsigned long long rows;
    int err; /* errno of the first failure */
} Out;

static int out_open(Out *o, const char *path)
{
    memset(o, 0, sizeof *o);
    snprintf(o->path, sizeof o->path, "%s", path);
    o->f = fopen(path, "w");
    if (!o->f) {
        o->err = errno ? errno : EIO;
        return -1;
    }
    o->vbuf = malloc(ZG_VBUF);
    if (o->vbuf)
        setvbuf(o->f, o->vbuf, _IOFBF, ZG_VBUF);
    return 0;
}

static void out_put(Out *o, const char *s, size_t n)
{
    if (o->err)
        return;
    if (fwrite(s, 1, n, o->f) != n)
        o->err = errno ? errno : EIO;
}

static void out_row(Out *o, const char *s, size_t n)
{
    out_put(o, s, n);
    o->rows++;
}

/* Closes o; on any failure prints one line naming the file, returns -1. */
static int out_close(Out *o)
{
    int err = o->err;
    if (o->f) {
        if (!err && (fflush(o->f) != 0 || ferror(o->f)))
            err = errno ? errno : EIO;
        if (fclose(o->f) != 0 && !err)
            err = errno ? errno : EIO;
        o->f = NULL;
    }
    free(o->vbuf);
    o->vbuf = NULL;
    if (err) {
        fprintf(stderr, "zonegen: cannot write %s: %s\n", o->path, strerror(err));
        return -1;
    }
    return 0;
}

/* Appends s as an RFC 4180 field; returns the new end. dst needs room for
 * 2 * strlen(s) + 2 bytes. */
static char *put_field(char *dst, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        size_t n = strlen(s);
        memcpy(dst, s, n);
        return dst + n;
    }
    *dst++ = '"';
    for (; *s; s++) {
        if (*s == '"')
            *dst++ = '"';
        *dst++ = *s;
    }
    *dst++ = '"';
    return dst;
}

static char *put_str(char *dst, const char *s)
{
    size_t n = strlen(s);
    memcpy(dst, s, n);
    return dst + n;
}

static char *put_int(char *dst, int v)
{
    char tmp[12];
    int n = 0;
    unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *dst++ = '-';
    while (n)
        *dst++ = tmp[--n];
    return dst;
}

static char *put_year(char *dst, int yg)
{
    if (yg == 0) {
        *dst++ = 'R';
        return dst;
    }
    return put_int(dst, yg);
}

/* Event id: letter, date, row on the roll and sequence, e.g. B20251015-0123-1. */
static char *put_id(char *dst, char letter, const char *date, int row, int seq)
{
    *dst++ = letter;
    memcpy(dst, date, 4);
    memcpy(dst + 4, date + 5, 2);
    memcpy(dst + 6, date + 8, 2);
    dst += 8;
    *dst++ = '-';
    char num[8];
    snprintf(num, sizeof num, "%04d", row);
    dst = put_str(dst, num);
    *dst++ = '-';
    return put_int(dst, seq);
}

static int make_dir(const char *path)
{
    char buf[4096];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof buf) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] == '/' || buf[i] == '\0') {
            char c = buf[i];
            buf[i] = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST)
                return -1;
            buf[i] = c;
        }
    }
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

typedef struct {
    unsigned long long pupils, attendance, behaviour, assessments, health;
} Totals;

static int write_zone_csv(const Zone *z)
{
    char path[4096];
    Out o;
    snprintf(path, sizeof path, "%s/zone.csv", z->out);
    if (out_open(&o, path) != 0)
        return out_close(&o);
    const char *hdr = "urn,name,cluster\n";
    out_put(&o, hdr, strlen(hdr));
    for (int i = 0; i < z->nschools; i++) {
        const School *s = &z->schools[i];
        char line[256], *q = line;
        q = put_int(q, s->urn);
        *q++ = ',';
        q = put_field(q, s->name);
        *q++ = ',';
        q = put_str(q, clusters[s->cluster]);
        *q++ = '\n';
        out_row(&o, line, (size_t)(q - line));
    }
    return out_close(&o);
}

static void write_pupils(Out *o, const Zone *z, const School *s)
{
    const char *hdr = "upn,name,year_group,gender,entry_date,fsm,ever6,cic,sen,eal,"
                      "ethnicity,gifted,idaci_decile\n";
    out_put(o, hdr, strlen(hdr));
    for (int i = 0; i < s->nroll; i++) {
        const Roll *e = &s->roll[i];
        const Pupil *p = &z->pupils[e->pupil];
        char line[512], *q = line, date[ZT_DATE_STRLEN];
        q = put_str(q, p->upn);
        *q++ = ',';
        q = put_field(q, p->name);
        *q++ = ',';
        q = put_year(q, p->year_group);
        *q++ = ',';
        *q++ = p->gender;
        *q++ = ',';
        q = put_str(q, zt_date_format(e->entry, date));
        const unsigned char flags[3] = {p->fsm, p->ever6, p->cic};
        for (int f = 0; f < 3; f++) { /* Y/N, as zone-agent's parse_yn reads them */
            *q++ = ',';
            *q++ = flags[f] ? 'Y' : 'N';
        }
        *q++ = ',';
        *q++ = p->sen;
        *q++ = ',';
        *q++ = p->eal ? 'Y' : 'N';
        *q++ = ',';
        q = put_str(q, ethnicities[p->eth].code);
        *q++ = ',';
        *q++ = p->gifted ? 'Y' : 'N';
        *q++ = ',';
        if (p->idaci)
            q = put_int(q, p->idaci);
        *q++ = '\n';
        out_row(o, line, (size_t)(q - line));
    }
}

static const char *const file_names[5] = {"pupils.csv", "attendance.csv", "behaviour.csv",
                                          "assessments.csv", "health.csv"};

static int write_school(const Zone *z, const School *s, Totals *t)
{
    char dir[4096], path[4200];
    Out out[5];
    int rc = 0, opened = 0;
    snprintf(dir, sizeof dir, "%s/school-%d", z->out, s->urn);
    if (make_dir(dir) != 0) {
        fprintf(stderr, "zonegen: cannot create %s: %s\n", dir, strerror(errno));
        return -1;
    }
    for (; opened < 5; opened++) {
        snprintf(path, sizeof path, "%s/%s", dir, file_names[opened]);
        if (out_open(&out[opened], path) != 0) {
            out_close(&out[opened]);
            rc = -1;
            break;
        }
    }
    if (rc == 0) {
        Out *att = &out[1], *beh = &out[2], *ass = &out[3], *hea = &out[4];
        write_pupils(&out[0], z, s);
        static const char h1[] = "upn,date,session,code\n";
        static const char h2[] = "incident_id,upn,date,category,points,action,days\n";
        static const char h3[] = "upn,subject,date,step\n";
        static const char h4[] = "event_id,upn,date,kind,severity\n";
        out_put(att, h1, sizeof h1 - 1);
        out_put(beh, h2, sizeof h2 - 1);
        out_put(ass, h3, sizeof h3 - 1);
        out_put(hea, h4, sizeof h4 - 1);

        for (zt_date d = z->from; d <= z->to; d++) {
            if (!(cal_flags(&s->cal, d) & CAL_OPEN))
                continue;
            char date[ZT_DATE_STRLEN];
            zt_date_format(d, date);
            int is_assess = is_assessment_day(s, d);
            for (int i = 0; i < s->nroll; i++) {
                const Roll *e = &s->roll[i];
                if (d < e->entry || d >= e->leave)
                    continue;
                const Pupil *p = &z->pupils[e->pupil];
                Day day;
                day_data(s, e, p, d, &day);

                char line[512], *q = line;
                for (int sess = 0; sess < 2; sess++) {
                    memcpy(q, p->upn, ZT_UPN_LEN);
                    q += ZT_UPN_LEN;
                    *q++ = ',';
                    memcpy(q, date, 10);
                    q += 10;
                    memcpy(q, sess ? ",PM," : ",AM,", 4);
                    q += 4;
                    *q++ = sess ? day.pm : day.am;
                    *q++ = '\n';
                }
                out_put(att, line, (size_t)(q - line));
                att->rows += 2;

                for (int n = 0; n < day.nincidents; n++) {
                    const Incident *inc = &day.inc[n];
                    q = put_id(line, 'B', date, e->row, n + 1);
                    *q++ = ',';
                    q = put_str(q, p->upn);
                    *q++ = ',';
                    q = put_str(q, date);
                    *q++ = ',';
                    q = put_str(q, categories[inc->cat]);
                    *q++ = ',';
                    q = put_int(q, inc->points);
                    *q++ = ',';
                    q = put_str(q, actions[inc->action]);
                    *q++ = ',';
                    if (inc->action == ACT_SUSPENSION) {
                        if (inc->halves == 1)
                            q = put_str(q, "0.5");
                        else
                            q = put_int(q, inc->halves / 2);
                    }
                    *q++ = '\n';
                    out_row(beh, line, (size_t)(q - line));
                }
                if (day.health_kind >= 0) {
                    q = put_id(line, 'H', date, e->row, 1);
                    *q++ = ',';
                    q = put_str(q, p->upn);
                    *q++ = ',';
                    q = put_str(q, date);
                    *q++ = ',';
                    q = put_str(q, health_kinds[day.health_kind]);
                    *q++ = ',';
                    q = put_str(q, severities[day.health_sev]);
                    *q++ = '\n';
                    out_row(hea, line, (size_t)(q - line));
                }
                if (is_assess && !(p->pex_date != ZG_NONE && d > p->pex_date)) {
                    int nsub = s->secondary ? COUNT(secondary_subjects) : COUNT(primary_subjects);
                    for (int sub = 0; sub < nsub; sub++) {
                        q = put_str(line, p->upn);
                        *q++ = ',';
                        q = put_str(q, s->secondary ? secondary_subjects[sub] : primary_subjects[sub]);
                        *q++ = ',';
                        q = put_str(q, date);
                        *q++ = ',';
                        q = put_str(q, steps[assess_step(p, s->secondary, sub, d)]);
                        *q++ = '\n';
                        out_row(ass, line, (size_t)(q - line));
                    }
                }
            }
        }
    }
    for (int f = 0; f < opened; f++)
        if (out_close(&out[f]) != 0)
            rc = -1;
    if (rc == 0) {
        t->pupils += out[0].rows;
        t->attendance += out[1].rows;
        t->behaviour += out[2].rows;
        t->assessments += out[3].rows;
        t->health += out[4].rows;
    }
    return rc;
}

/* ------------------------------------------------------------------------
 * Building the zone */

static int build_zone(Zone *z)
{
    z->schools = calloc((size_t)z->nschools, sizeof *z->schools);
    z->pupils = calloc((size_t)z->nschools * (size_t)z->npupils, sizeof *z->pupils);
    if (!z->schools || !z->pupils)
        return -1;
    /* Calendar cache: the output range plus room for look-backs. */
    for (int i = 0; i < z->nschools; i++) {
        School *s = &z->schools[i];
        school_init(s, z, i);
        if (cal_build(&s->cal, z->from - 60, z->to + 10) != 0)
            return -1;
    }
    for (int i = 0; i < z->nschools; i++)
        for (int j = 0; j < z->npupils; j++)
            gen_pupil(z, &z->schools[i], i, j, &z->pupils[(size_t)i * (size_t)z->npupils + (size_t)j]);

    /* Movers (~1%): pupils who were on roll from the start of the year move
     * to another school of the same phase on a teaching day there. */
    zt_date ref_start = ymd(ZG_REF_YEAR, 9, 1);
    for (int i = 0; i < z->nschools; i++) {
        int same[ZG_MAX_SCHOOLS], nsame = 0;
        for (int o = 0; o < z->nschools; o++)
            if (o != i && z->schools[o].secondary == z->schools[i].secondary)
                same[nsame++] = o;
        if (!nsame)
            continue;
        for (int j = 0; j < z->npupils; j++) {
            Pupil *p = &z->pupils[(size_t)i * (size_t)z->npupils + (size_t)j];
            if (p->move_u >= 0.01 || p->entry > ref_start)
                continue;
            p->move_to = same[p->move_hash % (uint64_t)nsame];
            p->move_date = pick_teaching(&z->schools[p->move_to].cal, mix64(p->move_hash),
                                         ymd(ZG_REF_YEAR, 9, 22), ymd(ZG_REF_YEAR + 1, 3, 13));
            z->nmovers++;
        }
    }

    /* Permanent exclusions: at most one per school (about a third of the
     * secondaries, one primary in twenty), the pupil with the worst behaviour. */
    for (int i = 0; i < z->nschools; i++) {
        School *s = &z->schools[i];
        uint64_t h = khash(stream_key(s->cal.school_key, ST_PEX), ZG_REF_YEAR);
        if (hu01(h) >= (s->secondary ? 0.35 : 0.05))
            continue;
        zt_date date = pick_teaching(&s->cal, mix64(h), ymd(ZG_REF_YEAR, 11, 3),
                                     ymd(ZG_REF_YEAR + 1, 3, 6));
        Pupil *best = NULL;
        for (int j = 0; j < z->npupils; j++) {
            Pupil *p = &z->pupils[(size_t)i * (size_t)z->npupils + (size_t)j];
            if (p->move_to >= 0 || p->entry >= date)
                continue;
            if (!best || p->p_beh > best->p_beh)
                best = p;
        }
        if (!best)
            continue;
        best->pex_date = date;
        zt_date x = date;
        for (int n = 0; n < 6; n++) /* E for 5 teaching days, then off roll */
            do
                x++;
            while (!cal_teaching(&s->cal, x));
        best->pex_leave = x;
        z->npex++;
    }

    /* Rolls: each school's own pupils, then the pupils moving in. */
    for (int i = 0; i < z->nschools; i++)
        for (int j = 0; j < z->npupils; j++) {
            int idx = i * z->npupils + j;
            const Pupil *p = &z->pupils[idx];
            zt_date leave = p->move_to >= 0 ? p->move_date : p->pex_leave;
            if (roll_add(&z->schools[i], idx, p->entry, leave) != 0)
                return -1;
        }
    for (int idx = 0; idx < z->nschools * z->npupils; idx++) {
        const Pupil *p = &z->pupils[idx];
        if (p->move_to >= 0 && roll_add(&z->schools[p->move_to], idx, p->move_date, ZG_NEVER) != 0)
            return -1;
    }

    return 0;
}

static void free_zone(Zone *z)
{
    if (z->schools)
        for (int i = 0; i < z->nschools; i++) {
            free(z->schools[i].roll);
            free(z->schools[i].cal.flags);
        }
    free(z->schools);
    free(z->pupils);
}

/* ------------------------------------------------------------------------
 * Command line */

static void usage(FILE *f)
{
    fputs("usage: zonegen --out DIR [--seed N] [--schools N] [--pupils N]\n"
          "               [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--only-day YYYY-MM-DD]\n"
          "Writes a synthetic zone: DIR/zone.csv and DIR/school-<URN>/{pupils,attendance,\n"
          "behaviour,assessments,health}.csv. Same arguments, same bytes.\n"
          "  --seed N       PRNG seed (default 1)\n"
          "  --schools N    schools, 1-100 (default 10; every 10 has 3 secondaries)\n"
          "  --pupils N     pupils per school, 1-5000 (default 300; ~1% also move school)\n"
          "  --from DATE    first date of records (default 2025-09-01)\n"
          "  --to DATE      last date of records (default 2026-03-20)\n"
          "  --only-day D   records dated D only (the next day's delta), full pupils.csv;\n"
          "                 the rows equal those a full run covering D has for D\n"
          "Rolls always describe academic year 2025/26 whatever the dates.\n",
          f);
}

static int parse_int(const char *s, long lo, long hi, long *out)
{
    char *end;
    if (!*s || *s == '-' || *s == '+' || *s == ' ')
        return -1;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static int parse_date_arg(const char *s, zt_date *out)
{
    return zt_date_parse(s, strlen(s), out);
}

int main(int argc, char **argv)
{
    Zone z;
    memset(&z, 0, sizeof z);
    z.seed = 1;
    z.nschools = 10;
    z.npupils = 300;
    z.from = ymd(2025, 9, 1);
    z.to = ymd(2026, 3, 20);
    z.only_day = ZG_NONE;

    for (int i = 1; i < argc; i += 2) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        }
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        long n;
        int bad = 0;
        if (!strcmp(a, "--out")) {
            bad = !v || !*v;
            if (!bad)
                z.out = v;
        } else if (!strcmp(a, "--seed")) {
            char *end;
            bad = !v || !*v || *v == '-' || *v == '+' || *v == ' ';
            if (!bad) {
                errno = 0;
                unsigned long long s = strtoull(v, &end, 10);
                bad = errno || *end;
                z.seed = s;
            }
        } else if (!strcmp(a, "--schools")) {
            bad = !v || parse_int(v, 1, ZG_MAX_SCHOOLS, &n) != 0;
            if (!bad)
                z.nschools = (int)n;
        } else if (!strcmp(a, "--pupils")) {
            bad = !v || parse_int(v, 1, ZG_MAX_PUPILS, &n) != 0;
            if (!bad)
                z.npupils = (int)n;
        } else if (!strcmp(a, "--from")) {
            bad = !v || parse_date_arg(v, &z.from) != 0;
        } else if (!strcmp(a, "--to")) {
            bad = !v || parse_date_arg(v, &z.to) != 0;
        } else if (!strcmp(a, "--only-day")) {
            bad = !v || parse_date_arg(v, &z.only_day) != 0;
        } else {
            fprintf(stderr, "zonegen: unknown argument '%s' (try --help)\n", a);
            return 2;
        }
        if (bad) {
            fprintf(stderr, "zonegen: %s needs %s (try --help)\n", a,
                    !strcmp(a, "--out")        ? "a directory"
                    : !strcmp(a, "--seed")     ? "a non-negative integer"
                    : !strcmp(a, "--schools")  ? "a number 1-100"
                    : !strcmp(a, "--pupils")   ? "a number 1-5000"
                                               : "a date YYYY-MM-DD");
            return 2;
        }
    }
    if (!z.out) {
        fputs("zonegen: --out DIR is required (try --help)\n", stderr);
        return 2;
    }
    if (z.only_day != ZG_NONE)
        z.from = z.to = z.only_day;
    if (z.from > z.to) {
        fputs("zonegen: --from is after --to\n", stderr);
        return 2;
    }

    int rc = 0;
    Totals t = {0, 0, 0, 0, 0};
    if (make_dir(z.out) != 0) {
        fprintf(stderr, "zonegen: cannot create %s: %s\n", z.out, strerror(errno));
        return 1;
    }
    if (build_zone(&z) != 0) {
        fputs("zonegen: out of memory\n", stderr);
        rc = 1;
    }
    if (!rc && write_zone_csv(&z) != 0)
        rc = 1;
    for (int i = 0; !rc && i < z.nschools; i++)
        if (write_school(&z, &z.schools[i], &t) != 0)
            rc = 1;
    if (!rc)
        fprintf(stderr,
                "zonegen: %d school%s, %d pupils (%d movers on two rolls, %d excluded); rows: "
                "zone.csv %d, pupils.csv %llu, attendance.csv %llu, behaviour.csv %llu, "
                "assessments.csv %llu, health.csv %llu\n",
                z.nschools, z.nschools == 1 ? "" : "s", z.nschools * z.npupils, z.nmovers, z.npex, z.nschools, t.pupils,
                t.attendance, t.behaviour, t.assessments, t.health);
    free_zone(&z);
    return rc;
}
