"""The dashboard's parts (``solara run sim/app.py`` serves them; docs/dashboard.md).

levers     the fields, the one table of config keys they set, typed text
session    one session's model, built and stepped without ever raising
figures    the county map, the series, the comparison figure (SVG on screen, PNG downloads)
schools    a school now, its story, a school in trouble
risk_now   the succession-risk register from the running model's current state
compare    policies compared over paired runs with the comparison's code (python -m experiments.compare's)
page       the Solara page: sidebar, named tabs, downloads, background work
"""
