"""`eqviewer models list|fetch|verify|path`: the seed weights and the registered (fine-tuned) models."""

from __future__ import annotations

import argparse

from eqviewer.cli.arguments import positive_float


def register(subparsers) -> None:
    """Adds the `models` sub-command and its actions."""
    parser = subparsers.add_parser("models", help="list, download, check or locate model weights")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="the seed model and every registered model")
    listing.set_defaults(func=_list)

    fetch = actions.add_parser("fetch", help="download the seed weights (sha256-checked) if they are missing")
    fetch.add_argument("--folder", help="where to put them (default: $EQVIEWER_MODELS_DIR or the user cache)")
    fetch.add_argument("--url", help="base URL to download from (default: the authors' repository, pinned commit)")
    fetch.add_argument("--timeout", type=positive_float, default=30.0, help="seconds to wait for the server (default 30)")
    fetch.add_argument("--deadline", type=positive_float, help="seconds each file's whole download may take (default: the"
                                                      " timeout plus the file's size at 10 kB/s)")
    fetch.set_defaults(func=_fetch)

    verify = actions.add_parser("verify", help="check the seed weight files against their sha256 sums")
    verify.add_argument("folder", nargs="?", help="folder to check (default: where the app reads them)")
    verify.set_defaults(func=_verify)

    path = actions.add_parser("path", help="print the folders the seed weights and registered models live in")
    path.set_defaults(func=_path)


def _list(args: argparse.Namespace) -> int:
    from eqviewer.app.models import model_listing

    for model in model_listing():
        state = "ready" if model.ready else "not downloaded (eqviewer models fetch)"
        print(f"{model.name}\t{state}\t{model.description}\t{model.path}")
    return 0


def _fetch(args: argparse.Namespace) -> int:
    from eqviewer.app.models import fetch_seed_weights

    folder = fetch_seed_weights(args.folder, base_url=args.url, timeout=args.timeout, deadline=args.deadline)
    print(f"seed weights ready in {folder}")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from eqviewer.app.models import verify_seed_weights

    checks = verify_seed_weights(args.folder)
    for check in checks:
        print(f"{'ok' if check.ok else 'BAD'}\t{check.path}" + (f"\t{check.reason}" if not check.ok else ""))
    return 0 if all(c.ok for c in checks) else 1


def _path(args: argparse.Namespace) -> int:
    from eqviewer.app.models import model_folders

    folders = model_folders()
    print(f"seed weights:\t{folders.seed}")
    print(f"registered models:\t{folders.registered}")
    return 0
