/* lmdb_puts: the ceiling for zoned's writes on this machine — raw LMDB
 * durable puts of attendance-shaped records (a UPN-like key of KEYLEN bytes,
 * a 62-byte value), one mdb_txn_commit (fsync'd, LMDB's default) per
 * PER_TXN puts, into a fresh environment in DIR.
 *
 *   lmdb_puts DIR [PUTS [PER_TXN [KEYLEN [seq|random]]]]
 *                                  defaults 1000000 10000 18 seq
 *
 * seq puts the keys in key order (an initial load, school by school);
 * random in a scattered order (every put lands on a different page).
 * Prints one line: "PUTS puts in TXNS txns, SECONDS s, RATE puts/s". */
#include <errno.h>
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define VALUE_LEN 62
#define KEY_MAX 64

static int fail(const char *what, int rc)
{
    fprintf(stderr, "lmdb_puts: %s: %s\n", what, mdb_strerror(rc));
    return 1;
}

static long arg(int argc, char **argv, int i, long dflt, long min, long max)
{
    if (argc <= i)
        return dflt;
    char *end;
    long v = strtol(argv[i], &end, 10);
    if (*end || v < min || v > max) {
        fprintf(stderr, "lmdb_puts: argument %d ('%s') must be %ld-%ld\n", i, argv[i], min, max);
        exit(2);
    }
    return v;
}

/* Key i: a 13-character UPN-like pupil id, the school's URN (big-endian,
 * in the len - 15 bytes left) and the month (2 bytes), as zoned's
 * attendance keys; pupils in order, seven months each. */
static void make_key(unsigned char *k, size_t len, long i)
{
    long pupil = i / 7, month = 300 + i % 7;
    unsigned long urn = 137104 + (unsigned long)(pupil % 10) * 270;
    k[0] = 'A';
    for (long d = 12, p = pupil; d >= 1; d--, p /= 10)
        k[d] = (unsigned char)('0' + p % 10);
    size_t urn_len = len - 15;
    for (size_t j = 0; j < urn_len; j++)
        k[13 + j] = (unsigned char)(urn >> (8 * (urn_len - 1 - j)));
    k[len - 2] = (unsigned char)(month >> 8);
    k[len - 1] = (unsigned char)month;
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help")) {
        fprintf(argc < 2 ? stderr : stdout, "usage: lmdb_puts DIR [PUTS [PER_TXN [KEYLEN [seq|random]]]]\n");
        return argc < 2 ? 2 : 0;
    }
    const char *dir = argv[1];
    long puts = arg(argc, argv, 2, 1000000, 1, 100000000);
    long per_txn = arg(argc, argv, 3, 10000, 1, 100000000);
    size_t keylen = (size_t)arg(argc, argv, 4, 18, 16, 19);
    int scattered = argc > 5 && !strcmp(argv[5], "random");
    if (argc > 5 && !scattered && strcmp(argv[5], "seq")) {
        fprintf(stderr, "lmdb_puts: order must be seq or random\n");
        return 2;
    }
    /* A step coprime with puts visits every index once, scattered. */
    unsigned long long step = 1000003;
    while ((unsigned long long)puts % step == 0)
        step += 2;
    if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
        perror(dir);
        return 1;
    }
    MDB_env *env;
    MDB_dbi dbi;
    MDB_txn *txn;
    int rc = mdb_env_create(&env);
    if (rc)
        return fail("mdb_env_create", rc);
    if ((rc = mdb_env_set_mapsize(env, 4ull << 30)) || (rc = mdb_env_open(env, dir, MDB_NOTLS, 0600)))
        return fail("mdb_env_open", rc);
    if ((rc = mdb_txn_begin(env, NULL, 0, &txn)) || (rc = mdb_dbi_open(txn, NULL, 0, &dbi)) ||
        (rc = mdb_txn_commit(txn)))
        return fail("open db", rc);

    unsigned char key[KEY_MAX], val[VALUE_LEN];
    memset(val, '/', sizeof val);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    long txns = 0;
    for (long i = 0; i < puts;) {
        if ((rc = mdb_txn_begin(env, NULL, 0, &txn)))
            return fail("mdb_txn_begin", rc);
        for (long n = 0; n < per_txn && i < puts; n++, i++) {
            make_key(key, keylen, scattered ? (long)((unsigned long long)i * step % (unsigned long long)puts) : i);
            val[i % VALUE_LEN] = (unsigned char)('A' + i % 26);
            MDB_val k = {keylen, key}, v = {VALUE_LEN, val};
            if ((rc = mdb_put(txn, dbi, &k, &v, 0))) {
                mdb_txn_abort(txn);
                return fail("mdb_put", rc);
            }
        }
        if ((rc = mdb_txn_commit(txn)))
            return fail("mdb_txn_commit", rc);
        txns++;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%ld puts in %ld txns, %.3f s, %.0f puts/s\n", puts, txns, s, (double)puts / s);
    mdb_env_close(env);
    return 0;
}
