"""Similar councils, from the shipped reference file alone: five of the same Ombudsman type
for every current council, nearest in population (log scale), rural-urban class and
deprivation, or in population, area and region for the councils created in 2023."""

import ast
import math

import pytest

from places import similarity
from places.reference import Place, places
from tests.support.paths import PROJECT_ROOT

OMBUDSMAN_TYPE = {"CTY": "county", "NMD": "district", "MD": "metropolitan", "UA": "unitary"}


def ombudsman_type(place: Place) -> str:
    return OMBUDSMAN_TYPE.get(place.register_type, "london")  # LBO and the City of London


def peers_of(code: str) -> list[Place]:
    subject = places()[code]
    same = [p for p in places().values() if ombudsman_type(p) == ombudsman_type(subject)]
    return similarity.similar(subject, same)


def test_every_current_council_has_five_peers_of_its_own_type():
    counted = 0
    for code, place in places().items():
        peers = peers_of(code)
        assert len(peers) == 5, place.name
        assert place not in peers
        assert {ombudsman_type(p) for p in peers} == {ombudsman_type(place)}
        counted += 1
    assert counted == 317


def test_peers_are_nearest_in_population_rural_urban_class_and_deprivation():
    canterbury = places()["CAT"]
    peers = peers_of("CAT")
    assert [p.name for p in peers] == ["Arun", "Oxford", "Exeter", "Cambridge", "Erewash"]
    for peer in peers:
        assert (peer.rural_urban, peer.deprivation) == ("Urban", 4)  # as Canterbury
        assert 0.5 < peer.population / canterbury.population < 2
    # Nearer is smaller: each peer is at least as near as any council left out.
    furthest = similarity.distance(canterbury, peers[-1])
    others = [p for p in places().values() if p.register_type == "NMD" and p not in peers]
    assert all(similarity.distance(canterbury, o) >= furthest for o in others if o != canterbury)


def test_a_doubling_of_population_is_one_step():
    cambridge, canterbury = places()["CAB"], places()["CAT"]
    assert similarity.distance(cambridge, canterbury) == pytest.approx(
        abs(math.log2(canterbury.population / cambridge.population))
    )
    for a in (cambridge, canterbury, places()["KEN"], places()["CBD"]):
        assert similarity.distance(a, a) == 0
        assert similarity.distance(a, canterbury) == similarity.distance(canterbury, a)


@pytest.mark.parametrize(
    "code, expected",
    [
        ("CBD", {"Westmorland and Furness", "Shropshire"}),
        ("WAF", {"Cumberland", "Herefordshire"}),
        ("NYE", {"Cornwall", "Somerset", "Wiltshire"}),
        ("SMT", {"Cornwall", "Wiltshire", "Dorset Council"}),
    ],
)
def test_councils_created_in_2023_get_peers_from_population_area_and_region(code, expected):
    subject = places()[code]
    assert not subject.has_classes
    peers = peers_of(code)
    assert len(peers) == 5 and {ombudsman_type(p) for p in peers} == {"unitary"}
    assert expected <= {p.name for p in peers}
    for peer in peers:
        assert similarity.basis(subject, peer) == similarity.BY_REGISTER
        assert 0.5 < peer.population / subject.population < 2


def test_neighbours_are_a_county_its_districts_or_across_a_boundary():
    reference = places()
    canterbury, kent, medway = reference["CAT"], reference["KEN"], reference["MDW"]
    assert similarity.relation(canterbury, kent) == similarity.COUNTY
    assert similarity.relation(kent, canterbury) == similarity.DISTRICT
    assert similarity.relation(kent, medway) == similarity.BOUNDARY
    assert similarity.relation(canterbury, reference["SWL"]) == similarity.BOUNDARY


def test_the_reference_and_similarity_modules_are_pure_python():
    """The refresh, the build and the peers run without Django (a shell, a notebook)."""
    for name in ("build.py", "reference.py", "similarity.py"):
        tree = ast.parse((PROJECT_ROOT / "places" / name).read_text(encoding="utf-8"))
        imported = [
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        ] + [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        assert not [m for m in imported if m.split(".")[0] == "django"], name
