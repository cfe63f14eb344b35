"""Who sees which network: other sectors are refused, participants see only their own network's board."""

import pytest

from werkbaar.networks.models import Idea
from werkbaar.networks.permissions import can_manage, can_view, networks_for


@pytest.fixture
def ideas(world):
    mine = Idea.objects.create(network=world.network, text="Secret idea one", theme="physical", term="short",
                               scope="sector")
    other = Idea.objects.create(network=world.other_network, text="Secret idea other", theme="support",
                                term="long", scope="policy")
    return mine, other


def test_networks_for_each_role(world):
    n, other = world.network, world.other_network
    assert set(networks_for(world.staff_a)) == {n, other}  # owning sector sees both
    assert set(networks_for(world.consultant_b)) == {n}  # partner sector
    assert set(networks_for(world.staff_c)) == set()  # another sector
    assert set(networks_for(world.admin1)) == {n}  # participant (company admin)
    assert set(networks_for(world.delegate1)) == {n}  # union delegate of a participant
    assert set(networks_for(world.admin3)) == {other}
    assert set(networks_for(world.department)) == {n, other}


def test_linked_attendee_user_sees_network(world, make_user):
    outsider = make_user()
    assert not can_view(outsider, world.network)
    world.p1.backup_user = outsider
    world.p1.save()
    assert can_view(outsider, world.network)
    assert not can_manage(outsider, world.network)


def test_manage_rights(world):
    assert can_manage(world.staff_a, world.network)
    assert can_manage(world.consultant_b, world.network)
    assert not can_manage(world.admin1, world.network)
    assert not can_manage(world.department, world.network)  # the department only looks
    assert not can_manage(world.staff_c, world.network)


def test_participants_never_see_another_networks_board(client, world, ideas):
    client.force_login(world.admin1)
    response = client.get(f"/networks/{world.network.pk}/board/")
    assert response.status_code == 200
    assert "Secret idea one" in response.content.decode()
    assert client.get(f"/networks/{world.other_network.pk}/board/").status_code == 404
    assert client.get(f"/api/v1/networks/{world.other_network.pk}/board").status_code == 404
    # nor can they vote on or move its ideas
    other_idea = ideas[1]
    assert client.post(f"/networks/ideas/{other_idea.pk}/support/vote/").status_code == 404
    assert client.post(f"/networks/ideas/{other_idea.pk}/move/",
                       {"theme": "physical", "term": "short", "scope": "sector"}).status_code == 404
    assert "Secret idea other" not in client.get("/api/v1/networks/").content.decode()


@pytest.mark.parametrize("path", [
    "/networks/{pk}/", "/networks/{pk}/board/", "/networks/{pk}/participants/", "/networks/{pk}/sessions/",
    "/networks/{pk}/intake/", "/networks/{pk}/evaluation/", "/networks/{pk}/report/", "/networks/{pk}/report.pdf",
    "/networks/{pk}/report.xlsx", "/networks/{pk}/calendar.ics", "/api/v1/networks/{pk}",
    "/api/v1/networks/{pk}/sessions", "/api/v1/networks/{pk}/attendance", "/api/v1/networks/{pk}/board",
])
def test_other_sector_is_refused(client, world, path):
    client.force_login(world.staff_c)
    assert client.get(path.format(pk=world.network.pk)).status_code == 404


def test_participant_cannot_manage(client, world):
    client.force_login(world.admin1)
    pk = world.network.pk
    assert client.get(f"/networks/{pk}/edit/").status_code == 403
    assert client.get(f"/networks/{pk}/participants/add/").status_code == 403
    assert client.get(f"/networks/{pk}/sessions/add/").status_code == 403
    assert client.get(f"/networks/{pk}/history/").status_code == 403
    # and cannot fill the intake of another organisation
    assert client.get(f"/networks/participants/{world.p2.pk}/intake/").status_code == 403
    assert client.get(f"/networks/participants/{world.p1.pk}/intake/").status_code == 200


def test_department_reads_but_cannot_edit(client, world, ideas):
    client.force_login(world.department)
    assert client.get(f"/networks/{world.network.pk}/").status_code == 200
    assert client.get(f"/networks/{world.network.pk}/edit/").status_code == 403
    assert client.post(f"/networks/ideas/{ideas[0].pk}/support/vote/").status_code == 403


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(f"/networks/{world.network.pk}/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get("/api/v1/networks/").status_code == 401


def test_company_admin_cannot_create(client, world):
    client.force_login(world.admin1)
    assert client.get("/networks/new/").status_code == 403
