from .helpers import submit


def test_it_shows_items_read_only_in_the_admin(client, world):
    item, _ = submit(world.agency)
    client.force_login(world.admin)
    assert client.get("/admin/feedback/item/").status_code == 200
    r = client.get(f"/admin/feedback/item/{item.pk}/change/")
    assert r.status_code == 200 and 'name="status"' not in r.content.decode()
    assert client.get("/admin/feedback/item/add/").status_code == 403
