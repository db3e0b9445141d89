"""OGC API Features Parts 2 and 3 and the rest of issue 14 on /ogc and
/api/v1: coordinate systems (checked against the Amersfoort reference
point on SpatiaLite and PostGIS alike), bbox as intersects, CQL2 text
filters, queryables, sortby, properties, skipGeometry, extents, the OpenAPI
document and the HTML views."""

from urllib.parse import quote

import pytest

from api import ogc
from api.pagination import MAX_LIMIT
from tests.factories import make_initiative

ITEMS = "/ogc/collections/initiatives/items"
EPSG = "http://www.opengis.net/def/crs/EPSG/0/"
RD = f"{EPSG}28992"
# The RD origin point at Amersfoort (Onze Lieve Vrouwetoren): 155000, 463000
# in RD New, 52.15517440 N 5.38720621 E in ETRS89.
AMERSFOORT_LON, AMERSFOORT_LAT = 5.38720621, 52.15517440


@pytest.fixture
def amersfoort(db):
    return make_initiative(name="Toren", lon=AMERSFOORT_LON, lat=AMERSFOORT_LAT)


def coordinates(response):
    return response.json()["features"][0]["geometry"]["coordinates"]


def test_items_in_rd_new_hit_the_amersfoort_reference_point(client, amersfoort):
    response = client.get(f"{ITEMS}?crs={RD}")
    assert response.status_code == 200, response.content
    assert response["Content-Crs"] == f"<{RD}>"
    x, y = coordinates(response)
    assert x == pytest.approx(155000, abs=1) and y == pytest.approx(463000, abs=1)


@pytest.mark.parametrize(
    ("name", "first", "second"),
    [
        (
            "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
            AMERSFOORT_LON,
            AMERSFOORT_LAT,
        ),
        (f"{EPSG}4326", AMERSFOORT_LAT, AMERSFOORT_LON),  # lat, lon as EPSG says
        (f"{EPSG}4258", AMERSFOORT_LAT, AMERSFOORT_LON),
    ],
)
def test_items_follow_the_axis_order_of_the_crs(
    client, amersfoort, name, first, second
):
    response = client.get(f"{ITEMS}?crs={name}")
    assert response["Content-Crs"] == f"<{name}>"
    assert coordinates(response) == pytest.approx([first, second], abs=1e-5)


def test_default_crs_is_crs84_and_said(client, amersfoort):
    response = client.get(ITEMS)
    assert response["Content-Crs"] == "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>"
    item = client.get(f"{ITEMS}/{amersfoort.id}?crs=EPSG:28992")
    assert item["Content-Crs"] == f"<{RD}>"
    x, y = item.json()["geometry"]["coordinates"]
    assert x == pytest.approx(155000, abs=1)


@pytest.mark.parametrize("param", ["crs", "bbox-crs", "filter-crs"])
def test_unsupported_crs_is_a_400(client, db, param):
    extra = "&bbox=1,2,3,4" if param == "bbox-crs" else ""
    extra += "&filter=name%3D%27x%27" if param == "filter-crs" else ""
    response = client.get(f"{ITEMS}?{param}={EPSG}3857{extra}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [p["name"] for p in response.json()["invalidParams"]] == [param]


def test_bbox_in_rd_new(client, amersfoort):
    make_initiative(name="Kampen")
    box = "154000,462000,156000,464000"
    body = client.get(f"{ITEMS}?bbox={box}&bbox-crs={RD}").json()
    assert [f["id"] for f in body["features"]] == [amersfoort.id]


def test_api_v1_accept_crs(client, amersfoort):
    response = client.get("/api/v1/initiatives", HTTP_ACCEPT_CRS="EPSG:28992")
    assert response.status_code == 200
    assert response["Content-Crs"] == f"<{RD}>"
    x, y = coordinates(response)
    assert x == pytest.approx(155000, abs=1) and y == pytest.approx(463000, abs=1)
    plain = client.get("/api/v1/initiatives")
    assert plain["Content-Crs"] == "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>"
    detail = client.get(
        f"/api/v1/initiatives/{amersfoort.slug}", HTTP_ACCEPT_CRS="EPSG:4326"
    )
    assert detail.json()["geometry"]["coordinates"] == pytest.approx(
        [AMERSFOORT_LAT, AMERSFOORT_LON], abs=1e-5
    )


@pytest.mark.parametrize(
    ("header", "query"), [("EPSG:3857", ""), ("EPSG:28992", "?format=csv")]
)
def test_api_v1_unsupported_accept_crs_is_a_406(client, db, header, query):
    response = client.get(f"/api/v1/initiatives{query}", HTTP_ACCEPT_CRS=header)
    assert response.status_code == 406
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("base", [ITEMS, "/api/v1/initiatives"])
@pytest.mark.parametrize(
    "box", ["5.9,52.0,6.0,53.0", "5.8,52.0,5.9,53.0", "5.9,52.0,0,6.0,53.0,100"]
)
def test_bbox_includes_its_edge_and_takes_six_numbers(client, db, base, box):
    on_edge = make_initiative(lon=5.9, lat=52.5)
    body = client.get(f"{base}?bbox={box}").json()
    assert [f["id"] for f in body["features"]] == [on_edge.id]


def ids(client, query, collection="initiatives"):
    response = client.get(f"/ogc/collections/{collection}/items?{query}")
    assert response.status_code == 200, response.content
    return [f["id"] for f in response.json()["features"]]


def cql(client, text):
    return ids(client, f"filter={quote(text)}&filter-lang=cql2-text")


@pytest.fixture
def three(db, geography):
    kampen = make_initiative(name="Kamper kring", tags=["wonen"])
    utrecht = make_initiative(
        name="Utrechtse tafel", lon=5.12, lat=52.09, tags=["zorg"]
    )
    maastricht = make_initiative(
        name="Maastrichter hof", lon=5.69, lat=50.85, tags=["wonen", "zorg"]
    )
    return kampen, utrecht, maastricht


def test_cql2_filters(client, three):
    kampen, utrecht, maastricht = three
    assert cql(client, "region = 'noorden'") == [kampen.id]
    assert cql(client, "region <> 'noorden'") == [utrecht.id, maastricht.id]
    assert cql(client, "municipality = 'Kampen' OR municipality = 'Utrecht'") == [
        kampen.id,
        utrecht.id,
    ]
    assert cql(client, "theme = 'wonen' AND NOT (theme = 'zorg')") == [kampen.id]
    assert cql(client, "theme IN ('zorg')") == [utrecht.id, maastricht.id]
    assert cql(client, "name LIKE 'Kamp%'") == [kampen.id]
    assert cql(client, "name LIKE 'kamp%'") == []  # LIKE minds case everywhere
    assert cql(client, "province = 'Limburg'") == [maastricht.id]
    assert cql(client, "updated > TIMESTAMP('2000-01-01T00:00:00Z')") == [
        kampen.id,
        utrecht.id,
        maastricht.id,
    ]
    assert cql(client, "updated < DATE('2000-01-01')") == []
    assert cql(client, "S_INTERSECTS(geometry, BBOX(5.6,50.7,5.8,50.9))") == [
        maastricht.id
    ]
    assert cql(client, "S_INTERSECTS(geometry, POINT(5.12 52.09))") == [utrecht.id]


@pytest.mark.parametrize(
    "text",
    [
        "nope = 1",
        "name = ",
        "name = 'x' AND",
        "name LIKE 3",
        "updated > 'gisteren'",
        "(" * 30 + "name = 'x'" + ")" * 30,
        "name = 'x'; DROP TABLE initiatives_initiative",
        "S_INTERSECTS(name, POINT(1 2))",
        "S_INTERSECTS(geometry, BBOX(1,2,3))",
        "region = 'noorden' ))",
    ],
)
def test_bad_cql2_is_a_400_naming_filter(client, db, text):
    response = client.get(f"{ITEMS}?filter={quote(text)}")
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["filter"]


def test_filter_lang_other_than_cql2_text_is_a_400(client, db):
    response = client.get(f"{ITEMS}?filter=x&filter-lang=cql2-json")
    assert response.status_code == 400


def test_queryables(client, db):
    url = "/ogc/collections/initiatives/queryables"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/schema+json"
    schema = response.json()
    for name in ("region", "province", "municipality", "theme", "name", "updated"):
        assert name in schema["properties"]
    assert schema["properties"]["updated"]["format"] == "date-time"
    gatherings = client.get("/ogc/collections/gatherings/queryables").json()
    assert "kind" in gatherings["properties"]


def test_sortby_properties_and_skip_geometry(client, three):
    kampen, utrecht, maastricht = three
    assert ids(client, "sortby=-name") == [utrecht.id, maastricht.id, kampen.id]
    assert ids(client, "sortby=%2Bname") == [kampen.id, maastricht.id, utrecht.id]
    body = client.get(f"{ITEMS}?properties=name&skipGeometry=true").json()
    feature = body["features"][0]
    assert feature["geometry"] is None
    assert set(feature["properties"]) == {"id", "name"}
    for query in ("sortby=theme", "sortby=nope", "properties=nope", "skipGeometry=1"):
        assert client.get(f"{ITEMS}?{query}").status_code == 400


def test_extents_come_from_the_data(client, three):
    collection = client.get("/ogc/collections/initiatives").json()
    box = collection["extent"]["spatial"]["bbox"][0]
    assert box == pytest.approx([5.12, 50.85, 5.911, 52.555], abs=1e-6)
    start, end = collection["extent"]["temporal"]["interval"][0]
    assert start <= end
    assert collection["storageCrs"].endswith("CRS84")
    assert RD in collection["crs"]


def test_openapi_document_has_every_path_and_the_maximum(client, db):
    landing = client.get("/ogc").json()
    desc = next(link for link in landing["links"] if link["rel"] == "service-desc")
    response = client.get(desc["href"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    doc = response.json()
    assert doc["openapi"].startswith("3.0")
    assert doc["servers"] == [{"url": "http://testserver/ogc"}]
    assert set(doc["paths"]) == {
        "/",
        "/api",
        "/conformance",
        "/collections",
        "/collections/{collectionId}",
        "/collections/{collectionId}/queryables",
        "/collections/{collectionId}/items",
        "/collections/{collectionId}/items/{featureId}",
    }
    limit = doc["components"]["parameters"]["limit"]["schema"]
    assert limit["maximum"] == MAX_LIMIT and limit["minimum"] == 1
    conforms = client.get("/ogc/conformance").json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30" in conforms
    assert set(conforms) == set(ogc.CONFORMANCE)


def test_next_links_grow_to_the_maximum(client, db):
    for _ in range(12):
        make_initiative()
    body = client.get(f"{ITEMS}?limit=1").json()
    following = next(link for link in body["links"] if link["rel"] == "next")
    assert "limit=10" in following["href"]
    body = client.get(following["href"]).json()
    assert body["numberReturned"] == 10


@pytest.mark.parametrize(
    "path",
    [
        "/ogc",
        "/ogc/collections",
        "/ogc/collections/initiatives",
        "/ogc/collections/initiatives/items",
        "/ogc/conformance",
    ],
)
def test_html_views_are_dutch_first(client, three, path):
    response = client.get(f"{path}?f=html", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Collecties" in response.content.decode()  # the navigation, in Dutch
    browser = client.get(path, HTTP_ACCEPT="text/html,*/*;q=0.8")
    assert browser["Content-Type"].startswith("text/html")


def test_html_item(client, three):
    response = client.get(f"{ITEMS}/{three[0].id}?f=html")
    assert response.status_code == 200
    assert "Kamper kring" in response.content.decode()


def test_regions_and_places_say_crs84_and_refuse_others(client, db, geography):
    regions = client.get("/api/v1/regions?geometry=none")
    assert regions["Content-Crs"] == "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>"
    refused = client.get("/api/v1/regions", HTTP_ACCEPT_CRS="EPSG:28992")
    assert refused.status_code == 406
    places = client.get("/api/v1/places?q=Kampen")
    assert places["Content-Crs"].endswith("CRS84>")
