#include "keyed_hash.h"

#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

int zt_keyed_hash(const uint8_t key[ZT_HASH_KEY_LEN], const void *data, size_t len,
                  uint8_t out[ZT_KEYED_HASH_LEN])
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int maclen = 0;
    if (!HMAC(EVP_sha256(), key, ZT_HASH_KEY_LEN, data, len, mac, &maclen) || maclen < ZT_KEYED_HASH_LEN)
        return -1;
    memcpy(out, mac, ZT_KEYED_HASH_LEN);
    return 0;
}
