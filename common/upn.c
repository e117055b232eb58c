#include "upn.h"

/* I, O and S are never used, so the 23 letters map to 0-22. */
static const char letters[] = "ABCDEFGHJKLMNPQRTUVWXYZ";

static int letter_value(char c)
{
    for (int i = 0; letters[i]; i++)
        if (letters[i] == c)
            return i;
    return -1;
}

char zt_upn_check_letter(const char *upn)
{
    int sum = 0;
    for (int pos = 2; pos <= ZT_UPN_LEN; pos++) {
        char c = upn[pos - 1];
        int v;
        if (c >= '0' && c <= '9')
            v = c - '0';
        else if (pos == ZT_UPN_LEN && (v = letter_value(c)) >= 0)
            ; /* temporary UPN: final letter counts by its place in letters */
        else
            return 0;
        sum += v * pos;
    }
    return letters[sum % 23];
}

const char *zt_upn_invalid(const char *s, size_t len)
{
    if (len != ZT_UPN_LEN)
        return "UPN must be 13 characters";
    char want = zt_upn_check_letter(s);
    if (!want)
        return "UPN characters 2-13 must be digits (the last may be a letter)";
    if (s[0] != want)
        return "UPN check letter is wrong";
    return NULL;
}
