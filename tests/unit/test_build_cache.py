"""Build cache records are removed by the ids the course noted, and by nothing else (fake engine)."""

from types import SimpleNamespace

import pytest

from helpers.objects import build_cache


class _FakeEngine:
    """Build cache records with parents: a record is only pruned once nothing depends on it."""

    def __init__(self, records, engine_id="ABCD:EFGH"):
        self.records = dict(records)  # id -> parent id or None
        self.pruned = []
        self._id = engine_id
        self.api = SimpleNamespace(prune_builds=self._prune)

    def info(self):
        return {"ID": self._id}

    def df(self):
        return {"BuildCache": [{"ID": record} for record in self.records]}

    def _prune(self, filters, all):
        (record,) = filters["id"]
        if record in self.records and record not in self.records.values():
            del self.records[record]
            self.pruned.append(record)
        return {"CachesDeleted": None}


@pytest.fixture
def engine(monkeypatch, tmp_path):
    monkeypatch.setenv("KURSUS_DATA_DIR", str(tmp_path))
    fake = _FakeEngine({"learner-own": None})
    monkeypatch.setattr(build_cache, "client", lambda: fake)
    return fake


def test_only_the_records_of_the_course_build_are_removed(engine):
    with build_cache.noting("06-dockerfile"):
        engine.records.update({"base": None, "step": "base", "context": None})
    assert build_cache.forget("06-dockerfile") == 3
    assert engine.records == {"learner-own": None}
    assert engine.pruned.index("step") < engine.pruned.index("base")


def test_a_record_the_learner_still_builds_on_stays_noted(engine):
    with build_cache.noting("06-dockerfile"):
        engine.records["ours"] = None
    engine.records["learner-later"] = "ours"
    assert build_cache.forget() == 0
    assert "ours" in engine.records
    del engine.records["learner-later"]
    assert build_cache.forget() == 1 and "ours" not in engine.records


def test_notes_of_another_owner_or_engine_are_left(engine, monkeypatch):
    with build_cache.noting("06-dockerfile"):
        engine.records["ours"] = None
    assert build_cache.forget("05-container") == 0
    other = _FakeEngine({"ours": None}, engine_id="other-engine")
    monkeypatch.setattr(build_cache, "client", lambda: other)
    assert build_cache.forget() == 0 and other.pruned == []
