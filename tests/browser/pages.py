"""The pages a kader, a Pustu/Puskesmas worker and a Dinkes officer use most,
each filled with a little real-shaped data so that tables, results and lights
are on screen when the checks run.

PAGES maps a page's name to its builder, (cast, network, people) ->
CheckedPage. The builders live by area in the pages_*.py modules, each with
the data it makes, so that no module outgrows the size limit; this one only
lists them, in the order the checks run."""

from . import pages_igd, pages_lab, pages_people, pages_reports, pages_stock
from .pages_inpatient import INPATIENT_PAGES

PAGES = {
    "posyandu-session": pages_people.posyandu_session,
    "visit-form": pages_people.visit_form,
    "patient": pages_people.patient,
    "patient-search": pages_people.patient_search,
    "pws-dashboard": pages_reports.pws_dashboard,
    "visit-page": pages_people.visit_page,
    "visit-history": pages_people.visit_history,
    "kader-home": pages_people.kader_home,
    "pustu-home": pages_people.pustu_home,
    "patient-history": pages_people.patient_history,
    "not-found": pages_people.not_found,
    "pws-indicator": pages_reports.pws_indicator,
    "pws-clusters": pages_reports.pws_clusters,
    "quality-review": pages_reports.quality_review,
    "visit-removal": pages_people.visit_removal,
    "household-move": pages_people.household_move,
    "pregnancy-dates": pages_people.pregnancy_dates,
    "due-list": pages_people.due_list,
    "home-visit": pages_people.home_visit,
    "home-visit-recap": pages_people.home_visit_recap,
    "people-who-left": pages_people.people_who_left,
    "pws-people-of-a-district": pages_reports.pws_people_of_a_district,
    "stock-status": pages_stock.stock_status,
    "lplpo": pages_stock.lplpo,
    "lplpo-print": pages_stock.lplpo_print,
    "stock-list": pages_stock.stock_list,
    "stock-card": pages_stock.stock_card,
    "stock-receive": pages_stock.stock_receive,
    "patient-medicines": pages_stock.patient_medicines,
    "satusehat-status": pages_reports.satusehat_status,
    "diagnosed-visit-page": pages_people.diagnosed_visit_page,
    "diagnosed-visit-history": pages_people.diagnosed_visit_history,
    "diagnosed-visit-form": pages_people.diagnosed_visit_form,
    "lab-worklist": pages_lab.lab_worklist,
    "lab-result": pages_lab.lab_result,
    "lab-request": pages_lab.lab_request,
    **INPATIENT_PAGES,
    "igd-register": pages_igd.igd_register,
    "igd-arrival": pages_igd.igd_arrival,
    "igd-arrival-new": pages_igd.igd_arrival_new,
    "igd-arrival-person": pages_igd.igd_arrival_person,
    "igd-arrival-person-by-nik": pages_igd.igd_arrival_person_by_nik,
}
