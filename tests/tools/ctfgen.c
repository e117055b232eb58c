/* ctfgen: writes DfE Common Transfer Files for the tests, in the CTF's
 * structure (CTfile/Header, CTFpupilData/Pupil with BasicDetails,
 * SchoolHistory, Attendance/YearData, StageAssessments), with every element
 * the agent reads and others it passes by (addresses, contacts, tests).
 *
 *   ctfgen from-csv DIR OUT.xml AS_OF [VERSION]
 *       the pupils, register marks and assessments of the CSV export in
 *       DIR (pupils.csv, attendance.csv, assessments.csv) as one CTF made
 *       on AS_OF (YYYY-MM-DD); VERSION defaults to 25.0.
 *   ctfgen big OUT.xml MEGABYTES
 *       a whole-school CTF of about MEGABYTES MB: pupils with three years
 *       of session attendance each, made on 2026-03-02.
 *
 * A CSV value with no CTF form (a gifted flag, a two-letter register code)
 * is an error: the tests compare what both forms can say. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "date.h"
#include "upn.h"

static void header(FILE *o, const char *version, const char *as_of)
{
    fprintf(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CTfile>\n <Header>\n"
               "  <DocumentName>Common Transfer File</DocumentName>\n  <CTFversion>%s</CTFversion>\n"
               "  <DateTime>%sT09:30:00</DateTime>\n  <DocumentQualifier>full</DocumentQualifier>\n"
               "  <SupplierID>ZoneTrack test</SupplierID>\n"
               "  <SourceSchool><LEA>873</LEA><Estab>1001</Estab><URN>100001</URN>"
               "<SchoolName>Test Primary</SchoolName><AcademicYear>2025</AcademicYear></SourceSchool>\n"
               "  <DestSchool><LEA>873</LEA><Estab>1001</Estab></DestSchool>\n </Header>\n <CTFpupilData>\n",
            version, as_of);
}

static const char *field(const struct zt_csv *c, const char *name, char *buf, size_t size)
{
    struct zt_field f = zt_csv_get(c, zt_csv_column(c, name));
    snprintf(buf, size, "%.*s", (int)f.len, f.s);
    return buf;
}

static zt_date date_of(const char *s)
{
    zt_date d = 0;
    if (zt_date_parse(s, strlen(s), &d)) {
        fprintf(stderr, "ctfgen: '%s' is not a date\n", s);
        exit(2);
    }
    return d;
}

/* --- from-csv ----------------------------------------------------------- */

struct mark {
    char upn[16];
    zt_date date;
    int pm;
    char code;
};

static struct mark *marks;
static size_t nmarks;

static int cmp_mark(const void *a, const void *b)
{
    const struct mark *x = a, *y = b;
    int c = strcmp(x->upn, y->upn);
    if (c)
        return c;
    if (x->date != y->date)
        return x->date < y->date ? -1 : 1;
    return x->pm - y->pm;
}

static void read_marks(const char *dir)
{
    char path[4096], err[256], b[4][64];
    struct zt_csv c;
    snprintf(path, sizeof path, "%s/attendance.csv", dir);
    if (zt_csv_open(&c, path, "attendance.csv", err, sizeof err))
        return;
    size_t cap = 0;
    while (zt_csv_next(&c) > 0) {
        if (nmarks == cap) {
            cap = cap ? cap * 2 : 1024;
            marks = realloc(marks, cap * sizeof *marks);
            if (!marks)
                exit(1);
        }
        struct mark *m = &marks[nmarks++];
        snprintf(m->upn, sizeof m->upn, "%.15s", field(&c, "upn", b[0], sizeof b[0]));
        m->date = date_of(field(&c, "date", b[1], sizeof b[1]));
        m->pm = strcmp(field(&c, "session", b[2], sizeof b[2]), "PM") == 0;
        field(&c, "code", b[3], sizeof b[3]);
        if (strlen(b[3]) != 1) {
            fprintf(stderr, "ctfgen: code '%s' has no one-character CTF form\n", b[3]);
            exit(2);
        }
        m->code = b[3][0];
    }
    zt_csv_close(&c);
    if (nmarks)
        qsort(marks, nmarks, sizeof *marks, cmp_mark);
}

/* One YearData per academic year: the string runs from 1 September, two
 * characters a day, '-' where there is no mark, '#' on weekends. */
static void attendance(FILE *o, const char *upn)
{
    size_t i = 0;
    while (i < nmarks && strcmp(marks[i].upn, upn) < 0)
        i++;
    if (i == nmarks || strcmp(marks[i].upn, upn) != 0)
        return;
    fprintf(o, "    <Attendance>\n");
    while (i < nmarks && strcmp(marks[i].upn, upn) == 0) {
        zt_date start = zt_academic_year_start(marks[i].date), end = start;
        size_t j = i;
        while (j < nmarks && strcmp(marks[j].upn, upn) == 0 && zt_academic_year_start(marks[j].date) == start)
            end = marks[j++].date;
        size_t n = (size_t)(end - start + 1) * 2;
        char *s = malloc(n + 1);
        if (!s)
            exit(1);
        for (size_t k = 0; k < n; k++)
            s[k] = zt_date_weekday(start + (zt_date)(k / 2)) >= 5 ? '#' : '-';
        for (size_t k = i; k < j; k++)
            s[(size_t)(marks[k].date - start) * 2 + (size_t)marks[k].pm] = marks[k].code;
        s[n] = '\0';
        char d[ZT_DATE_STRLEN];
        int y, mo, da;
        zt_date_to_ymd(start, &y, &mo, &da);
        fprintf(o, "     <YearData>\n      <AttendanceYear>%d</AttendanceYear>\n"
                   "      <AttendStartDate>%s</AttendStartDate>\n      <SessionsPossible>0</SessionsPossible>\n"
                   "      <SessionAttendance>%s</SessionAttendance>\n     </YearData>\n",
                y, zt_date_format(start, d), s);
        free(s);
        i = j;
    }
    fprintf(o, "    </Attendance>\n");
}

static void assessments(FILE *o, const char *dir, const char *upn)
{
    char path[4096], err[256], b[4][64];
    struct zt_csv c;
    snprintf(path, sizeof path, "%s/assessments.csv", dir);
    if (zt_csv_open(&c, path, "assessments.csv", err, sizeof err))
        return;
    int open = 0;
    while (zt_csv_next(&c) > 0) {
        if (strcmp(field(&c, "upn", b[0], sizeof b[0]), upn) != 0)
            continue;
        const char *subject = field(&c, "subject", b[1], sizeof b[1]), *step = field(&c, "step", b[3], sizeof b[3]);
        const char *sub = strcmp(subject, "maths") == 0 ? "MAT" : "ENG";
        const char *comp = strcmp(subject, "reading") == 0 ? "RD" : strcmp(subject, "writing") == 0 ? "WR" : "";
        const char *res = strcmp(step, "gap") == 0        ? "PKF"
                          : strcmp(step, "emerging") == 0 ? "WTS"
                          : strcmp(step, "expected") == 0 ? "EXS"
                                                          : "GDS";
        if (!open++)
            fprintf(o, "    <StageAssessments>\n     <KeyStage>\n      <Stage>KS2</Stage>\n"
                       "      <StageAssessment><Locale>ENG</Locale><Year>2026</Year><Subject>MAT</Subject>"
                       "<Method>TT</Method><Component>SCS</Component><ResultStatus>R</ResultStatus>"
                       "<Result>104</Result></StageAssessment>\n");
        fprintf(o, "      <StageAssessment><Locale>ENG</Locale><Year>2026</Year><Subject>%s</Subject>"
                   "<Method>TA</Method>%s%s%s<ResultStatus>R</ResultStatus><Result>%s</Result>"
                   "<ResultDate>%s</ResultDate></StageAssessment>\n",
                sub, comp[0] ? "<Component>" : "", comp, comp[0] ? "</Component>" : "", res,
                field(&c, "date", b[2], sizeof b[2]));
    }
    if (open)
        fprintf(o, "     </KeyStage>\n    </StageAssessments>\n");
    zt_csv_close(&c);
}

static void pupil(FILE *o, const struct zt_csv *c, const char *dir, zt_date as_of)
{
    char b[16][64], d1[ZT_DATE_STRLEN], d2[ZT_DATE_STRLEN];
    const char *upn = field(c, "upn", b[0], sizeof b[0]);
    char *name = (char *)field(c, "name", b[1], sizeof b[1]), *surname = strchr(name, ' ');
    if (surname)
        *surname++ = '\0';
    if (field(c, "gifted", b[2], sizeof b[2])[0] == 'Y' || field(c, "idaci_decile", b[3], sizeof b[3])[0]) {
        fprintf(stderr, "ctfgen: %s: gifted and idaci_decile have no CTF form\n", upn);
        exit(2);
    }
    fprintf(o, "   <Pupil>\n    <UPN>%s</UPN>\n    <UniqueLearnerNumber>1234567890</UniqueLearnerNumber>\n"
               "    <Surname>%s</Surname>\n    <Forename>%s</Forename>\n    <DOB>2016-05-01</DOB>\n"
               "    <Sex>%s</Sex>\n    <BasicDetails>\n     <PreferredSurname>%s</PreferredSurname>\n"
               "     <NCyearActual>%s</NCyearActual>\n",
            upn, surname ? surname : "", name, field(c, "gender", b[4], sizeof b[4]), surname ? surname : "",
            field(c, "year_group", b[5], sizeof b[5]));
    const char *eth = field(c, "ethnicity", b[6], sizeof b[6]);
    if (eth[0])
        fprintf(o, "     <Ethnicity>%s</Ethnicity>\n     <EthnicitySource>P</EthnicitySource>\n", eth);
    const char *eal = field(c, "eal", b[7], sizeof b[7]);
    if (eal[0])
        fprintf(o, "     <Languages>\n      <Type><LanguageType>H</LanguageType><Language>ENG</Language></Type>\n"
                   "      <Type><LanguageType>F</LanguageType><Language>%s</Language></Type>\n     </Languages>\n",
                eal[0] == 'Y' ? "POL" : "ENG");
    fprintf(o, "     <MedicalFlag>false</MedicalFlag>\n     <EnrolStatus>C</EnrolStatus>\n");
    int fsm = field(c, "fsm", b[8], sizeof b[8])[0] == 'Y', ever6 = field(c, "ever6", b[9], sizeof b[9])[0] == 'Y';
    zt_date entry = date_of(field(c, "entry_date", b[10], sizeof b[10]));
    if (fsm || ever6) {
        fprintf(o, "     <FSMhistory>\n      <FSMreviewDate>%s</FSMreviewDate>\n", zt_date_format(as_of, d1));
        if (fsm)
            fprintf(o, "      <FSMinstance><FSMstartDate>%s</FSMstartDate><UKcountry>ENG</UKcountry></FSMinstance>\n",
                    zt_date_format(entry, d1));
        else /* ended two years ago: Ever 6, not now */
            fprintf(o, "      <FSMinstance><FSMstartDate>%s</FSMstartDate><FSMendDate>%s</FSMendDate>"
                       "<UKcountry>ENG</UKcountry></FSMinstance>\n",
                    zt_date_format(as_of - 3 * 365, d1), zt_date_format(as_of - 2 * 365, d2));
        fprintf(o, "     </FSMhistory>\n");
    }
    if (field(c, "cic", b[11], sizeof b[11])[0] == 'Y')
        fprintf(o, "     <InCare><InCareAtCurrentSchool>true</InCareAtCurrentSchool>"
                   "<CareAuthority>873</CareAuthority></InCare>\n");
    const char *sen = field(c, "sen", b[12], sizeof b[12]);
    if (sen[0])
        fprintf(o, "     <SENhistory>\n      <SEN><StartDate>%s</StartDate><SENprovision>%s</SENprovision></SEN>\n"
                   "     </SENhistory>\n",
                zt_date_format(entry, d1), sen);
    fprintf(o, "    </BasicDetails>\n    <Address><BS7666Address><PAON>1</PAON><Street>High Street</Street>"
               "<Town>Testton</Town><PostCode>AB1 2CD</PostCode></BS7666Address></Address>\n"
               "    <Contacts><Contact><Order>1</Order><Surname>Parent</Surname><Forename>A</Forename>"
               "<Relationship>PAR</Relationship><Responsibility>true</Responsibility></Contact></Contacts>\n");
    attendance(o, upn);
    assessments(o, dir, upn);
    fprintf(o, "    <SchoolHistory>\n     <School><LEA>873</LEA><Estab>2002</Estab><SchoolName>Infant School</SchoolName>"
               "<EntryDate>2019-09-01</EntryDate><LeavingDate>2022-07-20</LeavingDate></School>\n"
               "     <School><LEA>873</LEA><Estab>1001</Estab><SchoolName>Test Primary</SchoolName>"
               "<EntryDate>%s</EntryDate></School>\n    </SchoolHistory>\n   </Pupil>\n",
            zt_date_format(entry, d1));
}

static int from_csv(const char *dir, const char *out, const char *as_of, const char *version)
{
    char path[4096], err[256];
    struct zt_csv c;
    snprintf(path, sizeof path, "%s/pupils.csv", dir);
    if (zt_csv_open(&c, path, "pupils.csv", err, sizeof err)) {
        fprintf(stderr, "ctfgen: %s\n", err);
        return 1;
    }
    FILE *o = fopen(out, "w");
    if (!o)
        return 1;
    read_marks(dir);
    header(o, version, as_of);
    while (zt_csv_next(&c) > 0)
        pupil(o, &c, dir, date_of(as_of));
    fprintf(o, " </CTFpupilData>\n</CTfile>\n");
    zt_csv_close(&c);
    free(marks);
    return fclose(o) ? 1 : 0;
}

/* --- big ------------------------------------------------------------------ */

static int big(const char *out, long mb)
{
    FILE *o = fopen(out, "w");
    if (!o)
        return 1;
    header(o, "25.0", "2026-03-02");
    static const char cycle[] = "//////L/N/I/////M/\\\\";
    long long written = 0;
    for (unsigned n = 1; written < mb * 1024 * 1024; n++) {
        char upn[ZT_UPN_LEN + 1], days[3][800];
        snprintf(upn + 1, sizeof upn - 1, "873%09u", n);
        upn[0] = zt_upn_check_letter(upn);
        for (int y = 0; y < 3; y++) {
            zt_date start = zt_date_from_ymd(2023 + y, 9, 1);
            int len = y == 2 ? 366 : 700; /* this year: to 2 March */
            for (int k = 0; k < len; k++)
                days[y][k] = zt_date_weekday(start + k / 2) >= 5 ? '#' : cycle[(unsigned)(k + n) % (sizeof cycle - 1)];
            days[y][len] = '\0';
        }
        int w = fprintf(o, "   <Pupil><UPN>%s</UPN><Surname>Pupil</Surname><Forename>N%u</Forename><Sex>%c</Sex>"
                           "<BasicDetails><NCyearActual>%u</NCyearActual><Ethnicity>WBRI</Ethnicity>"
                           "<SENhistory><SEN><SENprovision>N</SENprovision></SEN></SENhistory></BasicDetails>"
                           "<Attendance>"
                           "<YearData><AttendStartDate>2023-09-01</AttendStartDate><SessionAttendance>%s</SessionAttendance></YearData>"
                           "<YearData><AttendStartDate>2024-09-01</AttendStartDate><SessionAttendance>%s</SessionAttendance></YearData>"
                           "<YearData><AttendStartDate>2025-09-01</AttendStartDate><SessionAttendance>%s</SessionAttendance></YearData>"
                           "</Attendance><SchoolHistory><School><EntryDate>2023-09-01</EntryDate></School></SchoolHistory>"
                           "</Pupil>\n",
                        upn, n, n % 2 ? 'F' : 'M', 1 + n % 6, days[0], days[1], days[2]);
        if (w < 0)
            return 1;
        written += w;
    }
    fprintf(o, " </CTFpupilData>\n</CTfile>\n");
    return fclose(o) ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc >= 5 && strcmp(argv[1], "from-csv") == 0)
        return from_csv(argv[2], argv[3], argv[4], argc > 5 ? argv[5] : "25.0");
    if (argc == 4 && strcmp(argv[1], "big") == 0)
        return big(argv[2], atol(argv[3]));
    fprintf(stderr, "usage: ctfgen from-csv DIR OUT.xml AS_OF [VERSION] | ctfgen big OUT.xml MEGABYTES\n");
    return 2;
}
