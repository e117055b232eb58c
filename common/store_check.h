/* The store's basic check: is a data.mdb file a whole LMDB store? Run by
 * zoned before it opens its store (a restored backup that fails is never
 * written to) and by zonectl before it calls a backup written. It reads
 * the file only: no lock file is made and nothing is changed. */
#ifndef ZT_STORE_CHECK_H
#define ZT_STORE_CHECK_H

#include <stddef.h>
#include <stdint.h>

struct zt_store_facts {
    uint64_t pages;   /* pages in use, the two meta pages included */
    uint64_t records; /* records in every named database */
    unsigned dbs;     /* named databases */
};

/* Checks the file at path (a data.mdb): LMDB opens it read-only; it is as
 * long as its last page says (a truncated copy is caught before any page
 * past its end is touched); every page in use belongs to a database or to
 * the free list; every record of every named database can be read, as many
 * as the database says it holds. Returns 0 with *facts filled (may be
 * NULL), or a negative error with a one-line reason in err naming path. */
int zt_store_check_file(const char *path, struct zt_store_facts *facts, char *err, size_t errlen);

#endif
