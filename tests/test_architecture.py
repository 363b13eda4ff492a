"""The layout of docs/ARCHITECTURE.md as a contract: the file names a feature folder may hold, what may cross a
feature's border, and how large files grow. Each check is a function of a tree, tried on the real one and on a
copy with a violation planted in it."""
import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import portal

PACKAGE = Path(portal.__file__).resolve().parent
NAMES = {"__init__", "views", "staff_views", "forms", "staff_forms", "models", "services", "messages", "exports",
         "demo"}
SPECIFIC = {  # named for what only that feature has (docs/ARCHITECTURE.md)
    "counseling": {"slots"}, "certificates": {"pdf"}, "cases": {"pdf"}, "people": {"pdf", "holdings"},
    "reports": {"figures", "periods"}, "notify": {"gateways"}, "staff": {"second_factor"},
}
CROSSING = {"models", "services"}  # all another feature may import
# Shared modules that may reach a feature: the app's assembly, and two that read a feature's models.
ASSEMBLY = {"__init__", "cli", "demo", "worker"}
SHARED_READS = {"auth": {"staff.models"}, "i18n": {"units.models"}}
MAX_LINES, MAX_STAFF_VIEW_LINES = 300, 250


def features(root):
    return sorted(p.name for p in root.iterdir() if p.is_dir() and (p / "__init__.py").exists())


def stray_files(root):
    """Files in a feature folder that are not a shared name or the feature's declared own."""
    found = []
    for feature in features(root):
        allowed = NAMES | SPECIFIC.get(feature, set())
        for path in (root / feature).iterdir():
            if path.name == "__pycache__":
                continue
            if path.suffix != ".py" or path.stem not in allowed:
                found.append(f"{feature}/{path.name}")
    return found


def imports_of(path):
    """The portal modules a file imports, as dotted names below portal ('classes.models')."""
    tree = ast.parse(path.read_text())
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("portal."):
            module = node.module.split(".", 1)[1]
            names += [f"{module}.{alias.name}" for alias in node.names] if "." not in module else [module]
        elif isinstance(node, ast.Import):
            names += [a.name.split(".", 1)[1] for a in node.names if a.name.startswith("portal.")]
    return names


def border_crossings(root):
    """A feature importing another feature's anything but models or services; shared plumbing reaching into a
    feature beyond what docs/ARCHITECTURE.md allows."""
    known = set(features(root))
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        own = parts[0] if len(parts) > 1 else None
        for name in imports_of(path):
            feature, _, part = name.partition(".")
            if feature not in known or feature == own:
                continue
            part = part.split(".")[0]
            if own is not None:
                if part not in CROSSING:
                    found.append(f"{'/'.join(parts)} imports {name}")
            elif path.stem not in ASSEMBLY and f"{feature}.{part}" not in SHARED_READS.get(path.stem, set()):
                found.append(f"{'/'.join(parts)} imports {name}")
    return found


def oversized(root):
    found = []
    for path in sorted(root.rglob("*.py")):
        limit = MAX_STAFF_VIEW_LINES if path.name == "staff_views.py" else MAX_LINES
        lines = len(path.read_text().splitlines())
        if lines > limit:
            found.append(f"{path.relative_to(root)}: {lines} lines (at most {limit})")
    return found


def test_every_feature_folder_holds_only_the_shared_names_and_its_declared_own():
    assert stray_files(PACKAGE) == []


def test_features_cross_only_through_models_and_services():
    assert border_crossings(PACKAGE) == []


def test_no_file_outgrows_its_size():
    assert oversized(PACKAGE) == []


def test_the_factory_mounts_every_feature_and_each_route_file_has_one_blueprint():
    assert sorted(portal.FEATURES) == features(PACKAGE)
    for feature in portal.FEATURES:
        for part in ("views", "staff_views"):
            path = PACKAGE / feature / f"{part}.py"
            if path.exists():
                tree = ast.parse(path.read_text())
                made = [n for n in tree.body if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call)
                        and getattr(n.value.func, "id", "") == "Blueprint"]
                assert [t.id for n in made for t in n.targets] == ["bp"], path


def test_staff_views_only_beside_public_views():
    for feature in features(PACKAGE):
        if (PACKAGE / feature / "staff_views.py").exists():
            assert (PACKAGE / feature / "views.py").exists(), feature


@pytest.fixture
def planted(tmp_path):
    """A copy of the package to break on purpose."""
    copy = tmp_path / "portal"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "translations"))
    return copy


def test_the_checks_catch_a_planted_violation(planted):
    (planted / "classes" / "helpers.py").write_text("def x():\n    return 1\n")
    with (planted / "certificates" / "services.py").open("a") as f:
        f.write("\nfrom portal.classes.staff_views import managed_class  # noqa\n"
                "from portal.counseling.forms import BookingForm  # noqa\n")
    with (planted / "pdf.py").open("a") as f:
        f.write("\nfrom portal.classes.services import save_class  # noqa\n")
    with (planted / "classes" / "views.py").open("a") as f:
        f.write("\n" * 400)
    assert stray_files(planted) == ["classes/helpers.py"]
    assert border_crossings(planted) == [
        "certificates/services.py imports classes.staff_views",
        "certificates/services.py imports counseling.forms",
        "pdf.py imports classes.services",
    ]
    assert [line.split(":")[0] for line in oversized(planted)] == ["classes/views.py"]


def test_starting_the_portal_leaves_weasyprint_for_the_first_pdf(tmp_path):
    """Importing WeasyPrint costs about 0.4 s: a start, a command or a page without a PDF does not pay it."""
    script = ("import sys; from portal import create_app; from tests.conftest import test_config; "
              f"create_app(test_config('sqlite:///{tmp_path}/portal.sqlite3')); print('weasyprint' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=PACKAGE.parent, check=True)
    assert done.stdout.strip() == "False"
