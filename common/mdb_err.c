#include "mdb_err.h"

#include <errno.h>
#include <lmdb.h>

#include "err.h"

int zt_from_mdb(int rc)
{
    switch (rc) {
    case MDB_SUCCESS:
        return 0;
    case MDB_NOTFOUND:
        return -ENOENT;
    case MDB_MAP_FULL:
        return ZT_E_MAPFULL;
    case MDB_CORRUPTED:
    case MDB_PAGE_NOTFOUND:
    case MDB_INVALID:
    case MDB_VERSION_MISMATCH:
        return ZT_E_CORRUPT;
    default:
        return rc > 0 ? -rc : ZT_E_STORE;
    }
}
