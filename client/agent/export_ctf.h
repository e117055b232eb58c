/* The CTF files of an export folder read into the export (SPEC §3c): the
 * roll first, merged with pupils.csv's, then the marks and assessments of
 * the pupils on it. */
#ifndef ZT_AGENT_EXPORT_CTF_H
#define ZT_AGENT_EXPORT_CTF_H

#include "export.h"

/* Lists dir's *.xml files into e->ctf, sorted by name. Returns 0, or -1
 * after one error line when dir cannot be listed. */
int zt_export_ctf_find(struct zt_export *e, const char *dir);

/* Reads each CTF's pupils onto the roll. A file that is XML but not a CTF
 * is one warning line and passed by; one that is malformed, of an unknown
 * version or unreadable is one error line, and the roll cannot be trusted
 * whole: returns -1 (no push), else 0. */
int zt_export_ctf_roll(struct zt_export *e, const char *dir);

/* Reads each CTF's register marks and teacher assessments (after the roll
 * is sorted). Returns -1 after one error line when a CTF changed since its
 * roll was read (or now fails to read): the export cannot be trusted. */
int zt_export_ctf_records(struct zt_export *e, const char *dir);

#endif
