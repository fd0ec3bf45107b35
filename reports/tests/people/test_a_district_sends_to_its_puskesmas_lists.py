"""A district's cell opens the list of its Puskesmas, each linking to its own
people: a whole district is not searched for people at once."""

from lxml import html


def test_the_district_people_page_links_each_puskesmas_list(client, cast, network, village, today):
    client.force_login(cast["dinkes"])
    response = client.get("/laporan/pws/kab/36.01/orang/D/?tahun=2026&bulan=6")
    assert response.status_code == 200
    doc = html.fromstring(response.content)
    assert not doc.xpath("//*[@id='people-list']")
    links = doc.xpath("//ul[@id='puskesmas-lists']//a/@href")
    home = network["36.01"]["puskesmas"]
    assert f"/laporan/pws/pkm/{home.pk}/orang/D/?tahun=2026&bulan=6" in links
    assert client.get(links[0]).status_code == 200
