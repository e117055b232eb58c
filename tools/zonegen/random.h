/* The deterministic random source. Nothing in zonegen reads the clock or
 * rand(): every choice is a pure function of a 64-bit hash (the splitmix64
 * finaliser) of the seed and stable identifiers, so the same arguments give
 * the same bytes, and one day's data needs no earlier day's. */
#ifndef ZG_RANDOM_H
#define ZG_RANDOM_H

#include <stdint.h>

/* The number of items of an array (the weight and name tables). */
#define ZG_COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* The splitmix64 finaliser of z + the golden ratio. */
static inline uint64_t zg_mix64(uint64_t z)
{
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static inline uint64_t zg_hash3(uint64_t a, uint64_t b, uint64_t c)
{
    return zg_mix64(zg_mix64(zg_mix64(a) ^ b) ^ c);
}

/* Hash of a stream key and a (possibly negative) number such as a day. */
static inline uint64_t zg_khash(uint64_t key, int64_t n)
{
    return zg_mix64(key + (uint64_t)n * 0xD1B54A32D192ED03ull);
}

/* Uniform [0,1) from the top 53 bits of a hash. */
static inline double zg_hu01(uint64_t h)
{
    return (double)(h >> 11) * 0x1.0p-53;
}

/* Stream salts: each kind of random decision hashes a different key. The
 * numbers are part of the output: add at the end, never reorder (KEY and
 * MOVE are spare). */
enum {
    ZG_ST_KEY = 1, ZG_ST_ILL, ZG_ST_UNAUTH, ZG_ST_HOLIDAY, ZG_ST_SESSION, ZG_ST_DAY, ZG_ST_BEH,
    ZG_ST_HEALTH, ZG_ST_ASSESS, ZG_ST_SCHOOL, ZG_ST_INSET, ZG_ST_TRIP, ZG_ST_MOVE, ZG_ST_PEX,
};

/* The key of one kind of decision (a ZG_ST_* salt) about the thing key names. */
static inline uint64_t zg_stream_key(uint64_t key, int salt)
{
    return zg_mix64(key ^ ((uint64_t)salt * 0xA0761D6478BD642Full));
}

/* A splitmix64 generator, for a run of draws from one seed. */
struct zg_rng {
    uint64_t s;
};

static inline uint64_t zg_rng_next(struct zg_rng *r)
{
    uint64_t z = r->s;
    r->s += 0x9E3779B97F4A7C15ull;
    return zg_mix64(z); /* the finaliser of the advanced state */
}

static inline double zg_rng_u01(struct zg_rng *r)
{
    return zg_hu01(zg_rng_next(r));
}

/* Uniform 0..n-1. */
int zg_rng_below(struct zg_rng *r, int n);

/* Approximately standard normal (Irwin-Hall, 12 uniforms); no libm. */
double zg_rng_norm(struct zg_rng *r);

/* Index into weights[0..n) drawn by u in [0,1) with probability
 * proportional to weight. */
int zg_pick_weighted(double u, const int *weights, int n);

/* -ln(1 - f) by its series, for 0 <= f <= 0.9 (no libm). A spell kind with
 * mean length L covers a fraction f of days when its start probability per
 * day is about -ln(1 - f) / L. */
double zg_neg_log1m(double f);

#endif
