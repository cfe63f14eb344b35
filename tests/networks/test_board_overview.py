"""Issue 16: the board shows only the cells that hold ideas, with a compact overview of the whole matrix."""

import re

from werkbaar.networks.models import Idea


def _cells(page):
    return re.findall(r'<div class="board-cell" id="cell-([\w-]+)">', page)


def test_the_board_shows_the_filled_cells_and_an_overview(client, world):
    Idea.objects.create(network=world.network, text="Ergonomic kit list", theme="physical", term="short", scope="sector")
    Idea.objects.create(network=world.network, text="Lift aids", theme="physical", term="short", scope="sector")
    Idea.objects.create(network=world.network, text="Pay for travel time", theme="appreciation", term="long",
                        scope="policy")
    client.force_login(world.admin1)
    page = client.get(f"/networks/{world.network.pk}/board/").content.decode()
    # two cells hold ideas: only those two are drawn (not 5 themes x 4 cells)
    assert _cells(page) == ["appreciation-long-policy", "physical-short-sector"]
    assert page.count('class="board-theme"') == 2
    # the overview: one row per theme, the four cells as columns, counts that link to the cell
    table = page[page.index('<table class="table board-overview">'):page.index("</table>")]
    assert "Ideeën per thema, termijn en reikwijdte" in table
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", table, re.S)
    assert len(rows) == len(world.network.theme_choices())
    themes = [value for value, _label in world.network.theme_choices()]
    physical = re.findall(r"<td>(.*?)</td>", rows[themes.index("physical")][1], re.S)
    assert len(physical) == 4
    assert '<a href="#cell-physical-short-sector">2</a>' == physical[0]
    assert all('aria-label="geen ideeën"' in cell for cell in physical[1:])


def test_an_empty_board_has_no_overview(client, world):
    client.force_login(world.admin1)
    page = client.get(f"/networks/{world.network.pk}/board/").content.decode()
    assert "board-overview" not in page and not _cells(page)
    assert "Het bord is nog leeg." in page
