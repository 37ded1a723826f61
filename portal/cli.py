"""Command-line tools: thin click wrappers over plain functions."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from portal.content.hashing import source_hash
from portal.content.library import load_library
from portal.content.model import LANGUAGES, SOURCE_LANGUAGE
from portal.roles import ROLES
from portal.web.links import site_url

content_cli = AppGroup("content", help="Check and maintain the Markdown content.")


def check_content(root: Path, strict: bool) -> tuple[list[str], bool]:
    """Return the report lines for the content under `root` and whether it passes."""
    library = load_library(root)
    shown = _shown(root)
    lines = [str(replace(p, path=f"{shown}/{p.path}")) for p in library.problems]
    failing = library.errors or (strict and library.problems)
    lines.append(
        f"{len(library.items)} pages, {len(library.quizzes)} quizzes, "
        f"{len(library.errors)} errors, {len(library.problems) - len(library.errors)} warnings"
    )
    return lines, not failing


def _shown(root: Path) -> str:
    try:
        return root.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return root.as_posix()


@content_cli.command("check")
@click.option("--strict", is_flag=True, help="Fail on warnings too (outdated or missing translations).")
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Content folder (default: the configured CONTENT_DIR).",
)
def check_command(strict: bool, root: Path | None) -> None:
    """Print every problem as path:line: message; exit 1 on errors."""
    lines, ok = check_content(root or Path(current_app.config["CONTENT_DIR"]), strict)
    for line in lines:
        click.echo(line)
    sys.exit(0 if ok else 1)


@content_cli.command("hash")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def hash_command(paths: tuple[Path, ...]) -> None:
    """Print the source_hash a translation of each file must record."""
    for path in paths:
        click.echo(f"{source_hash(path)}  {path}")


@content_cli.command("sync")
def sync_command() -> None:
    """Fetch the content from CONTENT_REMOTE; when it moved, every process and node reloads it."""
    from portal.editorial.live import LiveFailed, sync
    from portal.editorial.publishing import GitFailed

    try:
        lines = sync(current_app)
    except (LiveFailed, GitFailed) as error:
        raise click.ClickException(str(error)) from error
    for line in lines:
        click.echo(line)


@click.command("setup")
def setup_command() -> None:
    """Bring the database up to date and build the search index if there is none."""
    from portal.bootstrap import prepare

    for line in prepare(current_app):
        click.echo(line)


@click.command("notify")
def notify_command() -> None:
    """Keep the due notices and email them, each once, even run twice at once or on several nodes."""
    from datetime import timedelta

    from portal.notifications.delivery import deliver
    from portal.notifications.models import now
    from portal.notifications.producing import produce

    moment = now()
    since = moment - timedelta(days=current_app.config["NOTIFY_LOOKBACK_DAYS"])
    created = produce(moment.date(), since)
    sent = deliver(
        current_app.extensions["library"],
        since,
        lambda lang: site_url("notifications.index", lang=lang),
    )
    click.echo(f"{created} new notices, {sent} emails sent")


search_cli = AppGroup("search", help="Build and update the search index.")


@search_cli.command("build")
def search_build_command() -> None:
    """Build a fresh index in a new folder and swap it in atomically."""
    from portal.searching.service import build

    folder = build(current_app.extensions["library"], current_app.config["SEARCH_INDEX_DIR"])
    click.echo(f"search index built: {folder}")


@search_cli.command("update")
def search_update_command() -> None:
    """Re-index only the items whose content changed."""
    from portal.searching.service import update

    changed = update(current_app.extensions["library"], current_app.config["SEARCH_INDEX_DIR"])
    click.echo(f"updated {len(changed)} items" + "".join(f"\n  {key}" for key in changed))


users_cli = AppGroup("users", help="Create and import accounts.")


def _agency_ids() -> list[str]:
    return [a["id"] for a in current_app.extensions["library"].data.agencies]


def _link(token: str, lang: str) -> str:
    return site_url("auth.set_password", lang=lang, token=token)


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", "display_name", required=True)
@click.option(
    "--role",
    default="specialist",
    show_default=True,
    type=click.Choice(list(ROLES)),
)
@click.option("--agency", default=None, help="Agency id from content/agencies.yml")
@click.option("--language", default=SOURCE_LANGUAGE, show_default=True, type=click.Choice(LANGUAGES))
def create_user_command(email: str, display_name: str, role: str, agency: str | None, language: str) -> None:
    """Create an account and print its one-time link to set a password."""
    from portal.accounts.operations import SYSTEM, AccountError, NewAccount, create_user

    try:
        user, token = create_user(
            SYSTEM, NewAccount(email, display_name, role, agency, language), _agency_ids()
        )
    except AccountError as error:
        raise click.UsageError(f"{error.field}: {error.message}") from error
    click.echo(f"created {user.email} ({user.role}); set-password link: {_link(token, user.language)}")


@users_cli.command("import")
@click.argument("csv_file", type=click.File("r", encoding="utf-8-sig"))
def import_users_command(csv_file) -> None:
    """Create every account of a CSV file (email,display_name,role,agency,language), or none."""
    from portal.accounts.operations import SYSTEM, AccountError, import_users

    try:
        created = import_users(SYSTEM, csv_file.read(), _agency_ids())
    except AccountError as error:
        raise click.UsageError(error.message) from error
    for user, token in created:
        click.echo(f"{user.email},{_link(token, user.language)}")


def init_app(app: Flask) -> None:
    """Register the command groups."""
    app.cli.add_command(content_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(search_cli)
    app.cli.add_command(setup_command)
    app.cli.add_command(notify_command)
