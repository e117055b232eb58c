#include "roll_wire.h"

void zt_roll_to_wire(Zt__PupilRow *w, char *upn, const struct zt_roll_value *v)
{
    zt__pupil_row__init(w);
    w->upn = upn;
    w->year_group = v->year_group;
    w->gender = v->gender;
    w->entry_date = v->entry_date;
    w->has_fsm = v->fsm != 0, w->fsm = v->fsm == 1;
    w->has_ever6 = v->ever6 != 0, w->ever6 = v->ever6 == 1;
    w->has_cic = v->cic != 0, w->cic = v->cic == 1;
    w->has_eal = v->eal != 0, w->eal = v->eal == 1;
    w->has_gifted = v->gifted != 0, w->gifted = v->gifted == 1;
    w->has_sen = v->sen != 0, w->sen = v->sen;
    w->has_ethnicity = v->ethnicity != 0, w->ethnicity = v->ethnicity;
    w->has_idaci_decile = v->idaci_decile != 0, w->idaci_decile = v->idaci_decile;
}
