"""``studiobook plugins``: what is installed, what each plugin offers, what the settings select.

Built without touching the database: an operator checks a misspelled
``STUDIOBOOK_CALENDAR_GATEWAY`` here before any command fails on it.
"""

from __future__ import annotations

from importlib.metadata import entry_points

import click

from studiobook.entrypoints.cli.app import App, emit_json, json_option, pass_app

# Adapter kind -> the setting that selects it; kinds not listed have one fixed name.
SELECTED_BY = {
    "store": "store",
    "clock": "clock",
    "membership_gateway": "membership_gateway",
    "calendar_gateway": "calendar_gateway",
    "cache": "cache",
    "secrets": "secrets",
    "notifier": "notifier",
    "recurrence": "recurrence",
}
FIXED = {"scheduler_loop": "schedule"}


def _sources() -> dict[str, str]:
    from studiobook.application.plugins import BUILTIN_PLUGINS, ENTRY_POINT_GROUP

    found = {name: "built-in" for name in BUILTIN_PLUGINS}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        dist = ep.dist.name if ep.dist is not None else "?"
        found.setdefault(ep.name, f"entry point ({dist} {ep.value})")
    return found


def describe(wiring) -> dict:
    """The document ``--json`` prints: plugins, then adapter kinds with offers and selection."""
    settings = wiring.settings()
    registry = wiring.adapters()
    sources = _sources()
    plugins = [
        {"name": name, "source": sources.get(name, "registered in code")}
        for name, _ in wiring.plugin_manager().list_name_plugin()
    ]
    kinds: dict[str, dict] = {}
    for offer in registry.offers():
        kind = kinds.setdefault(offer.kind, {"offers": []})
        kind["offers"].append({"name": offer.name, "plugin": offer.plugin})
    for kind in sorted(set(kinds) | set(SELECTED_BY)):
        entry = kinds.setdefault(kind, {"offers": []})
        selected = getattr(settings, SELECTED_BY[kind]) if kind in SELECTED_BY else FIXED.get(kind)
        entry["selected"] = selected
        entry["installed"] = selected in {o["name"] for o in entry["offers"]}
        if kind in SELECTED_BY:
            entry["setting"] = "STUDIOBOOK_" + SELECTED_BY[kind].upper()
    return {"plugins": plugins, "adapters": dict(sorted(kinds.items()))}


@click.command()
@json_option
@pass_app
def plugins(app: App, as_json: bool) -> None:
    """Installed plugins and the adapters they offer; '*' marks the selected one."""
    document = describe(app.wiring)
    if as_json:
        emit_json(document)
        return
    click.echo("Plugins:")
    for plugin in document["plugins"]:
        click.echo(f"  {plugin['name']}  [{plugin['source']}]")
    click.echo("Adapters:")
    for kind, entry in document["adapters"].items():
        setting = f" (${entry['setting']})" if "setting" in entry else ""
        click.echo(f"  {kind}{setting}:")
        for offer in entry["offers"]:
            mark = "*" if offer["name"] == entry["selected"] else " "
            click.echo(f"   {mark} {offer['name']}  from {offer['plugin']}")
        if not entry["installed"]:
            click.echo(f"   ! selected '{entry['selected']}' is not installed")
