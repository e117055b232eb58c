/* One error space for the whole project: 0 for success, a negative errno,
 * or a project code from the reserved range below (never clashes with errno
 * nor with LMDB's own -30600..-30800). zt_strerror covers all of them. */
#ifndef ZT_ERR_H
#define ZT_ERR_H

enum {
    ZT_E_FIRST = -4100,
    ZT_E_MAPFULL = ZT_E_FIRST, /* the store's map is full: grow and retry */
    ZT_E_CORRUPT,              /* a stored record is not of its expected form */
    ZT_E_STORE,                /* any other storage engine failure */
    ZT_E_REWOUND,              /* zoned runs rewound (--rewind): nothing is stored */
    ZT_E_DRY_RUN,              /* a dry run's transaction: rolled back on purpose */
    ZT_E_LAST,
};

/* Message for a project code or a negative errno. Static string. */
const char *zt_strerror(int err);

#endif
