/* LMDB's return codes in the project's error space (common/err.h): the one
 * mapping, for zoned's store and the agent's state alike. */
#ifndef ZT_MDB_ERR_H
#define ZT_MDB_ERR_H

/* 0 for MDB_SUCCESS, -ENOENT for MDB_NOTFOUND, ZT_E_MAPFULL, ZT_E_CORRUPT
 * for a damaged or foreign file, a negative errno for a system error, else
 * ZT_E_STORE. */
int zt_from_mdb(int rc);

#endif
