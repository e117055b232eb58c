#include "random.h"

int zg_rng_below(struct zg_rng *r, int n)
{
    return (int)(zg_rng_next(r) % (uint64_t)n);
}

double zg_rng_norm(struct zg_rng *r)
{
    double s = 0;
    for (int i = 0; i < 12; i++)
        s += zg_rng_u01(r);
    return s - 6.0;
}

int zg_pick_weighted(double u, const int *weights, int n)
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

double zg_neg_log1m(double f)
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
