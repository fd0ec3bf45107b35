from clusters.models import Cluster, Service


def test_the_catalogue_is_loaded_by_migration_with_every_cluster(db):
    assert list(Cluster.objects.values_list("code", flat=True)) == ["K1", "K2", "K3", "K4", "LK"]
    codes = set(Service.objects.values_list("code", flat=True))
    for code in ["ANC_K1", "ANC_K6", "PERSALINAN", "KF4", "KN3", "IMM_HB0", "IMM_MR2", "WEIGHING", "VIT_A",
                 "DEWORMING", "SCHOOL_SCREENING", "PTM_SCREENING", "LANSIA_SCREENING", "TB_SCREENING", "TB_TEST",
                 "HIV_TEST", "KB"]:
        assert code in codes


def test_every_service_says_who_it_is_for_and_who_may_give_it(db):
    for service in Service.objects.all():
        assert service.life_stages and service.facility_types, service.code
        assert set(service.facility_types) <= {"puskesmas", "pustu", "posyandu"}


def test_immunisation_services_carry_antigen_and_dose(db):
    dpt3 = Service.objects.get(code="IMM_DPT3")
    assert (dpt3.antigen, dpt3.dose, dpt3.cluster.code) == ("DPT-HB-Hib", 3, "K2")


def test_admins_edit_the_catalogue_in_the_admin(client, cast):
    client.force_login(cast["admin"])
    service = Service.objects.get(code="VIT_A")
    assert client.get(f"/admin/clusters/service/{service.pk}/change/").status_code == 200


def test_the_anc_contacts_name_the_trimesters_the_domain_spreads_them_over(db):
    # One contact in trimester I, two in trimester II, three in trimester III (as the due list asks).
    names = dict(Service.objects.filter(code__startswith="ANC_K").values_list("code", "name"))
    trimester = {code: name.split("(trimester ")[1].split(")")[0].split(";")[0] for code, name in names.items()}
    assert trimester == {"ANC_K1": "I", "ANC_K2": "II", "ANC_K3": "II", "ANC_K4": "III", "ANC_K5": "III",
                         "ANC_K6": "III"}
