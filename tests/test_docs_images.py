"""The dashboard's pictures in the docs are taken from the dashboard's current code.

``python -m experiments.screenshots`` retakes every picture in docs/img/dashboard*.png and records
in docs/img/dashboard_screenshots.json a hash of the dashboard's code it took them from and of each
picture. This checks both against the files as they are, so a guide never shows a screen the code
no longer draws: after any change to the dashboard's code, rerun the script and commit what it wrote.
"""

from __future__ import annotations

import json

from experiments.screenshots import IMG, PICTURES, TAKEN_FROM, code_hash, file_hash


def test_every_dashboard_picture_is_one_the_script_takes():
    shown = {p.name for p in IMG.glob("dashboard*.png")}
    assert shown == set(PICTURES), "docs/img/dashboard*.png and experiments/screenshots.PICTURES differ"


def test_dashboard_pictures_were_taken_from_the_current_code():
    taken = json.loads(TAKEN_FROM.read_text())
    assert taken["code"] == code_hash(), (
        "the dashboard's code changed after its pictures were taken: run python -m experiments.screenshots "
        "and commit docs/img/dashboard*.png with docs/img/dashboard_screenshots.json"
    )
    assert taken["pictures"] == {name: file_hash(IMG / name) for name in sorted(PICTURES)}, (
        "docs/img/dashboard*.png are not the pictures the script recorded: run python -m experiments.screenshots"
    )
