#include "names.h"

#include <stdio.h>

static const char *const brit_boys[] = {
    "Oliver", "Harry", "Jack", "Charlie", "Noah", "Leo", "Alfie", "Freddie", "Archie",
    "Theo", "Tyler", "Kai", "Mason", "Logan", "Jayden", "Callum", "Connor", "Lewis",
    "Ethan", "Jacob", "Reece", "Tommy", "Frankie", "Bobby", "Harvey", "Lenny", "Ronnie"};
static const char *const brit_girls[] = {
    "Olivia", "Amelia", "Isla", "Ava", "Mia", "Lily", "Freya", "Poppy", "Ruby", "Evie",
    "Grace", "Sophie", "Chloe", "Megan", "Ellie", "Paige", "Lacey", "Skye", "Nevaeh",
    "Zoë", "Renée", "Darcie", "Millie", "Lexi", "Holly", "Jessica", "Tilly"};
static const char *const brit_last[] = {
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
    "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green",
    "Hall", "Wood", "Jackson", "Clarke", "Hughes", "Shaw", "Atkinson", "Booth", "Holt",
    "O'Neil", "O'Brien", "Smith-Jones", "McDonald", "Pickering", "Barker", "Lord",
    "Whitehead", "Ashworth", "Dyson", "Brierley"};
static const char *const trav_boys[] = {"Patrick", "Michael", "John", "Martin", "Johnny", "Tom", "Seán"};
static const char *const trav_girls[] = {"Bridget", "Mary", "Kathleen", "Margaret", "Nora", "Siobhán"};
static const char *const trav_last[] = {"Ward", "McDonagh", "Joyce", "O'Reilly", "Doherty", "Maughan", "Connors"};
static const char *const eeur_boys[] = {"Jakub", "Kacper", "Szymon", "Filip", "Mateusz",
                                        "Antoni", "Łukasz", "Andrei", "Matas", "Dawid"};
static const char *const eeur_girls[] = {"Zuzanna", "Julia", "Maja", "Hanna", "Oliwia",
                                         "Ieva", "Gabija", "Alicja", "Ioana", "Natalia"};
static const char *const eeur_last[] = {"Nowak", "Wójcik", "Kaczmarek", "Mazur", "Krawczyk",
                                        "Kaźmierczak", "Popescu", "Ionescu", "Kazlauskas",
                                        "Zieliński", "Dąbrowski", "Petrauskas"};
static const char *const roma_boys[] = {"Patrik", "Marek", "Roman", "Dominik", "Nikolas", "Denis"};
static const char *const roma_girls[] = {"Denisa", "Nikola", "Silvia", "Vanessa", "Adriana", "Monika"};
static const char *const roma_last[] = {"Horváth", "Balogh", "Lakatos", "Kováč", "Oláh", "Rostas", "Dužda"};
static const char *const sasia_boys[] = {"Muhammad", "Ibrahim", "Ayaan", "Yusuf", "Zain",
                                         "Hamza", "Rayyan", "Arham", "Idris", "Bilal"};
static const char *const sasia_girls[] = {"Aisha", "Maryam", "Zara", "Inaya", "Hafsa",
                                          "Fatima", "Sumaiya", "Anaya", "Noor", "Safa"};
static const char *const sasia_last[] = {"Khan", "Hussain", "Ahmed", "Ali", "Rahman", "Iqbal",
                                         "Akhtar", "Mahmood", "Chowdhury", "Uddin", "Miah",
                                         "Islam"};
static const char *const ind_boys[] = {"Arjun", "Aarav", "Rohan", "Dev", "Vihaan", "Kabir"};
static const char *const ind_girls[] = {"Priya", "Anika", "Diya", "Ishani", "Meera", "Riya"};
static const char *const ind_last[] = {"Patel", "Sharma", "Mistry", "Shah", "Gill", "D'Souza"};
static const char *const afr_boys[] = {"David", "Daniel", "Emmanuel", "Samuel", "Kwame",
                                       "Tobi", "Chidi", "Ayomide", "Abdirahman"};
static const char *const afr_girls[] = {"Favour", "Precious", "Blessing", "Amara", "Zainab",
                                        "Esther", "Chioma", "Hodan", "Adaeze"};
static const char *const afr_last[] = {"Okafor", "Adeyemi", "Mensah", "Osei", "Mohamed",
                                       "Abdi", "Nwosu", "Owusu", "Bello", "Okonkwo"};
static const char *const carib_boys[] = {"Tyrese", "Malachi", "Kayden", "Jaden", "Marcus", "Isaiah"};
static const char *const carib_girls[] = {"Aaliyah", "Nia", "Jada", "Shanice", "Keisha", "Tiana"};
static const char *const carib_last[] = {"Campbell", "Francis", "Grant", "Reid", "Thomas", "Clarke", "Baptiste"};
static const char *const chin_boys[] = {"Ethan", "Jason", "Kevin", "Lucas", "Haoran", "Yiming"};
static const char *const chin_girls[] = {"Emily", "Joyce", "Vivian", "Xinyi", "Yutong", "Chloe"};
static const char *const chin_last[] = {"Chen", "Wang", "Li", "Zhang", "Liu", "Wong", "Lam", "Cheung"};
static const char *const neutral_first[] = {"Alex", "Jordan", "Charlie", "Sam", "Jamie", "Riley", "Robin", "Ashley"};
static const char *const nicknames[] = {"JJ", "AJ", "Jay", "Dee", "Kez", "Bo"};

struct nameset {
    const char *const *boys, *const *girls, *const *last;
    int nboys, ngirls, nlast;
};

#define NAMESET(b, g, l) {b, g, l, ZG_COUNT(b), ZG_COUNT(g), ZG_COUNT(l)}
enum { NS_BRIT, NS_TRAV, NS_EEUR, NS_ROMA, NS_SASIA, NS_IND, NS_AFR, NS_CARIB, NS_CHIN };
static const struct nameset namesets[] = {
    NAMESET(brit_boys, brit_girls, brit_last),    NAMESET(trav_boys, trav_girls, trav_last),
    NAMESET(eeur_boys, eeur_girls, eeur_last),    NAMESET(roma_boys, roma_girls, roma_last),
    NAMESET(sasia_boys, sasia_girls, sasia_last), NAMESET(ind_boys, ind_girls, ind_last),
    NAMESET(afr_boys, afr_girls, afr_last),       NAMESET(carib_boys, carib_girls, carib_last),
    NAMESET(chin_boys, chin_girls, chin_last),
};

const struct zg_ethnicity zg_ethnicities[] = {
    {"WBRI", 640, NS_BRIT, 1, 0},   {"WIRT", 10, NS_TRAV, 2, 0},   {"WROM", 20, NS_ROMA, 85, 0},
    {"WOTH", 80, NS_EEUR, 90, 0},   {"MWBC", 40, NS_CARIB, 3, 0},  {"MOTH", 15, NS_BRIT, 10, 5},
    {"BCRB", 15, NS_CARIB, 2, 0},   {"BAFR", 45, NS_AFR, 50, 35},  {"APKN", 70, NS_SASIA, 70, 90},
    {"ABAN", 30, NS_SASIA, 80, 90}, {"AIND", 10, NS_IND, 60, 0},   {"CHNE", 5, NS_CHIN, 70, 0},
    {"REFU", 10, NS_BRIT, 5, 0},    {"NOBT", 10, NS_BRIT, 5, 0},
};

int zg_draw_ethnicity(struct zg_rng *r)
{
    int weights[ZG_COUNT(zg_ethnicities)];
    for (int i = 0; i < ZG_COUNT(zg_ethnicities); i++)
        weights[i] = zg_ethnicities[i].permille;
    return zg_pick_weighted(zg_rng_u01(r), weights, ZG_COUNT(zg_ethnicities));
}

void zg_draw_name(struct zg_rng *r, int eth, char gender, char *out, size_t size)
{
    const struct nameset *ns = &namesets[zg_ethnicities[eth].nameset];
    const char *first = gender == 'M'   ? ns->boys[zg_rng_below(r, ns->nboys)]
                        : gender == 'F' ? ns->girls[zg_rng_below(r, ns->ngirls)]
                                        : neutral_first[zg_rng_below(r, ZG_COUNT(neutral_first))];
    const char *last = ns->last[zg_rng_below(r, ns->nlast)];
    double u = zg_rng_u01(r);
    if (u < 0.005)
        snprintf(out, size, "%s, %s", last, first);
    else if (u < 0.008)
        snprintf(out, size, "%s \"%s\" %s", first, nicknames[zg_rng_below(r, ZG_COUNT(nicknames))], last);
    else
        snprintf(out, size, "%s %s", first, last);
}
