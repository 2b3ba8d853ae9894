def test_it_lists_agencies_publicly(client, world):
    r = client.get("/api/v1/agencies")
    assert r.status_code == 200
    rows = {a["code"]: a for a in r.json()}
    assert rows["dept-x"] == {"code": "dept-x", "name": "测试县自然资源局", "parent": "gov"}
    assert rows["gov"]["parent"] is None


def test_it_publishes_an_openapi_document(client, db):
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["info"]["title"].startswith("gongkai")
    assert "/api/v1/agencies" in doc["paths"]
