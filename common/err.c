#include "err.h"

#include <string.h>

const char *zt_strerror(int err)
{
    switch (err) {
    case 0:
        return "success";
    case ZT_E_MAPFULL:
        return "store map full";
    case ZT_E_CORRUPT:
        return "stored record corrupt";
    case ZT_E_STORE:
        return "storage engine failure";
    case ZT_E_REWOUND:
        return "zoned runs rewound to an earlier date (--rewind): nothing is stored";
    case ZT_E_DRY_RUN:
        return "a dry run: nothing is stored";
    default:
        return err < 0 ? strerror(-err) : "unknown error";
    }
}
