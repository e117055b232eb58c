/* The DfE Common Transfer File (CTF, XML) read with libxml2's streaming
 * reader, so a whole school's file of tens of MB is read in bounded memory:
 * one pupil's elements are held at a time. What a CTF says is mapped to the
 * export's vocabulary (SPEC §3, §3c; README "Connecting your MIS" lists the
 * elements read and how each maps) and handed to a sink; a value that cannot
 * be mapped is a bad row naming the file, its line, the pupil and the
 * element. The reader knows nothing of the roll or the zone. */
#ifndef ZT_AGENT_CTF_H
#define ZT_AGENT_CTF_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "zonetrack.pb-c.h"

/* One pupil's roll row as the CTF gives it. */
struct zt_ctf_pupil {
    Zt__PupilRow row; /* row.upn valid during the call only */
    const char *name; /* "Forename Surname": stays on the school's machine */
    unsigned line;    /* of <Pupil> */
};

/* What the reader calls; ctx is passed back. The int callbacks return 0, or
 * -1 to stop reading (out of memory). */
struct zt_ctf_sink {
    void *ctx;
    int (*pupil)(void *ctx, const struct zt_ctf_pupil *p);
    /* a pupil whose roll row was rejected (reject called first): still on
     * the school's roll, their other rows skipped; upn NULL when even the
     * UPN could not be read */
    int (*unread)(void *ctx, const char *upn, unsigned line);
    int (*mark)(void *ctx, const char *upn, zt_date date, uint32_t session, int code, unsigned line);
    int (*assessment)(void *ctx, const char *upn, uint32_t subject, zt_date date, uint32_t step,
                      unsigned line);
    /* rows bad rows at line; why names the pupil (when readable) and element */
    void (*reject)(void *ctx, unsigned line, uint32_t rows, const char *why);
};

/* What a pass reads: the roll first (the pupils, sorted and checked by the
 * caller), then the records that need the roll. */
enum { ZT_CTF_ROLL = 1, ZT_CTF_RECORDS = 2 };

/* The CTF versions read: the current ones and the one before. */
#define ZT_CTF_VERSIONS "23, 24, 25"

enum zt_ctf_result {
    ZT_CTF_OK = 0,
    ZT_CTF_NOT_CTF = 1, /* XML, but no CTF header: not ours to read */
    ZT_CTF_FAILED = -1, /* malformed, an unknown version, out of memory: err says which */
};

/* Reads the CTF at path (name is the file's name for messages). Returns a
 * zt_ctf_result; on ZT_CTF_NOT_CTF and ZT_CTF_FAILED err holds one line. */
int zt_ctf_read_file(const char *path, const char *name, int parts, const struct zt_ctf_sink *s,
                     char *err, size_t errlen);

/* As zt_ctf_read_file over data[len] (the fuzz target, the unit tests). */
int zt_ctf_read_memory(const char *data, size_t len, const char *name, int parts,
                       const struct zt_ctf_sink *s, char *err, size_t errlen);

#endif
