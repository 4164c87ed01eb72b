"""The layout rules of docs/architecture.md, checked on the source (no solve): the
import graph of ``ssb_models`` has no circle, no module imports another module's
underscore name, the experiment type is dispatched only in ``ssb_models/experiments/``
(through its registry), and matplotlib is imported only by ``ssb_models/plotting.py``."""

import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "ssb_models"
#: folders mapped into the package by pyproject.toml
MAPPED = {"ssb_models.parameter_sets": PACKAGE.parent / "parameter_sets"}


def _modules():
    out = {}

    def name(p, root, prefix):
        parts = list(p.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        return ".".join([prefix, *parts])

    for p in PACKAGE.rglob("*.py"):
        out[name(p, PACKAGE, "ssb_models")] = p
    for prefix, root in MAPPED.items():
        for p in root.glob("*.py"):
            out[name(p, root, prefix)] = p
    return out


MODULES = _modules()
TREES = {m: ast.parse(p.read_text(), filename=str(p)) for m, p in MODULES.items()}


def _imports(module):
    """``[(imported module, imported name or None, line)]`` of every import statement
    of ``module``, at any depth (lazy imports inside functions count)."""
    is_pkg = MODULES[module].name == "__init__.py"
    pkg = module if is_pkg else module.rsplit(".", 1)[0]
    out = []
    for node in ast.walk(TREES[module]):
        if isinstance(node, ast.Import):
            out += [(a.name, None, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg.split(".")
                base = base[:len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for a in node.names:
                full = f"{target}.{a.name}"
                out.append((full, None, node.lineno) if full in MODULES
                           else (target, a.name, node.lineno))
    return out


def _graph():
    return {m: {t for t, _, _ in _imports(m) if t in MODULES and t != m} for m in MODULES}


def _cycles(graph):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, found, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def test_the_checker_finds_a_circle_and_a_private_import():
    # the checks below can fail: a made-up graph with a circle is found
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_import_graph_has_no_circle():
    assert _cycles(_graph()) == []


def test_no_module_imports_another_modules_underscore_name():
    bad = [(m, t, n, line) for m in MODULES for t, n, line in _imports(m)
           if t.startswith("ssb_models") and t != m and n and n.startswith("_")
           and not n.startswith("__")]
    assert bad == []


def test_matplotlib_only_in_the_plotting_module():
    users = sorted({m for m in MODULES for t, _, _ in _imports(m)
                    if t.split(".")[0] == "matplotlib"})
    assert users == ["ssb_models.plotting"]


def _type_dispatch(tree):
    """Lines that compare an experiment ``type`` (``x.type == ...``, ``x["type"] ...``,
    ``x.get("type") ...``) with something."""
    def is_type(node):
        if isinstance(node, ast.Attribute) and node.attr == "type":
            return True
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            return node.slice.value == "type"
        return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "get" and node.args
                and isinstance(node.args[0], ast.Constant) and node.args[0].value == "type")

    return [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Compare)
            and any(is_type(x) for x in [n.left, *n.comparators])]


def test_the_experiment_type_is_dispatched_only_by_the_experiments_package():
    outside = {m: _type_dispatch(t) for m, t in TREES.items()
               if not m.startswith("ssb_models.experiments")}
    assert {m: lines for m, lines in outside.items() if lines} == {}
    # inside it, the registry is the one table from type to handler
    from ssb_models.experiments import registry

    assert registry.types() == ("cycling", "eis", "rate-capability", "temperature-ladder",
                                "gitt", "pulse", "critical-current", "contact-impedance",
                                "cycle-life")


@pytest.mark.parametrize("name", ["cycling", "eis", "rate-capability", "temperature-ladder",
                                  "gitt", "pulse", "critical-current", "contact-impedance",
                                  "cycle-life"])
def test_every_type_has_its_module_and_a_predefined_toml(name):
    from ssb_models.experiments import load_experiment, predefined, registry
    from ssb_models.experiments.base import Experiment

    handler = registry.get(name)
    assert isinstance(handler, Experiment) and type(handler) is not Experiment
    assert type(handler).__module__ == "ssb_models.experiments." + name.replace("-", "_")
    shipped = [n for n in predefined() if load_experiment(n).type == name]
    assert shipped, f"no predefined experiment of type {name}"
