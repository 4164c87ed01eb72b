"""Where a sweep's chunks run: local worker processes (spawned, each watching its
parent) or Dask; whether batched discharges are compiled; :func:`run_sweep`, which
stores every finished chunk at once and writes the sweep's files at the end."""

import os
import time
from pathlib import Path

from ..errors import InputError
from ..folders import folder_lock
from .export import export
from .jobs import CHUNK, Job, chunks, group_structural, run_chunk
from .points import point_key
from .spec import SweepSpec, load_sweep
from .store import Store, load_results

SWEEP_BUSY = ("another sweep (or ssb command) is writing into '{}' right now; wait for it "
              "to finish, or choose another --out.")

#: seconds to wait for a Dask scheduler (``--scheduler``) to answer before giving up
#: with one message (distributed's own default is 30 s)
SCHEDULER_TIMEOUT_S = 5

#: points per worker from which ``compile="auto"`` compiles the model (its first
#: compile, ~5 s for a P2D cell on this project's 2-core benchmark machine, is then
#: repaid at ~10 ms saved per point; docs/performance.md)
COMPILE_MIN_POINTS = 500


def _init_worker(parent):
    import signal
    import threading

    # the parent handles Ctrl-C and SIGTERM (a signal sent to the whole process group
    # must not kill a worker mid-chunk: the parent stops the pool and says what it saved;
    # a worker whose parent is gone exits by the watchdog below)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    os.environ.setdefault("PYBAMM_DISABLE_TELEMETRY", "true")

    def alive():
        try:
            os.kill(parent, 0)
        except OSError:
            return False
        try:  # a killed parent not yet reaped is a zombie (Linux)
            with open(f"/proc/{parent}/stat") as fh:
                return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return True

    def watch():  # a killed parent (SIGKILL) must not leave workers behind
        while True:
            time.sleep(1.0)
            if not alive():
                os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _local_results(jobs, workers, size=CHUNK, compile=False):
    import concurrent.futures as cf
    import multiprocessing as mp

    # spawn: workers get this process's sys.path (Python 3.11's fork server ignores it
    # and would import a source checkout in the working directory instead of the
    # installed package)
    ctx = mp.get_context("spawn")
    pool = cf.ProcessPoolExecutor(max_workers=workers, mp_context=ctx,
                                  initializer=_init_worker, initargs=(os.getpid(),))
    futures = [pool.submit(run_chunk, chunk, compile) for chunk in chunks(jobs, size)]
    try:
        for fut in cf.as_completed(futures):
            try:
                yield fut.result()
            except cf.process.BrokenProcessPool:
                from ..errors import SolveError

                raise SolveError(
                    "a sweep worker process died before finishing its points (killed, "
                    "out of memory, or, from a Python script, a run_sweep call that is "
                    "not under `if __name__ == \"__main__\":`, which worker processes "
                    "re-import); the finished points are saved: finish with resume."
                ) from None
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def connect(scheduler, timeout=SCHEDULER_TIMEOUT_S):
    """A :class:`dask.distributed.Client` of the scheduler at ``scheduler``
    ("tcp://host:8786"), or one :class:`~ssb_models.errors.InputError` within
    ``timeout`` seconds: a malformed address, or nothing answering there."""
    from dask.distributed import Client

    if not isinstance(scheduler, str) or not scheduler.strip():
        raise InputError(f"--scheduler must be a Dask scheduler address such as "
                         f"tcp://HOST:8786, got {scheduler!r}.")
    try:
        return Client(scheduler, timeout=timeout)
    except ValueError as exc:
        raise InputError(f"--scheduler {scheduler!r} is not a Dask scheduler address "
                         f"({exc}); give tcp://HOST:PORT, e.g. tcp://head:8786.") from None
    except (OSError, TimeoutError) as exc:
        raise InputError(
            f"no Dask scheduler answered at {scheduler} within {timeout:g} s ({exc}); "
            "start one there (`dask scheduler`) or check the address. Nothing was "
            "written.") from None


def _dask_results(jobs, workers, client=None, size=CHUNK, compile=False):
    from dask.distributed import Client, LocalCluster, as_completed

    from ..errors import SolveError

    cluster = None
    if client is None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
        where = "the Dask LocalCluster"
    else:
        where = f"the Dask scheduler at {getattr(client.scheduler, 'address', '?')}"
    try:
        futures = [client.submit(run_chunk, chunk, compile, pure=False,
                                 key=f"ssb-chunk-{chunk[0][0]}-{time.time()}")
                   for chunk in chunks(jobs, size)]
        try:
            for fut in as_completed(futures):
                yield fut.result()
        except Exception as exc:  # run_chunk never raises: the cluster failed
            raise SolveError(
                f"{where} stopped serving the sweep ({type(exc).__name__}: "
                f"{str(exc).strip()[:200]}); the finished points are saved: finish with "
                "--resume.") from None
    finally:
        if cluster is not None:
            client.close()
            cluster.close()


def compile_choice(compile, spec, n_points, workers):
    """Whether batched discharges of this sweep use compiled model functions (on the
    sweep's size, not on the points left, so that a resumed sweep solves the rest as
    the uninterrupted sweep would)."""
    from ..experiments.discharge_runner import can_compile

    if compile not in ("auto", True, False):
        raise InputError(f"compile must be 'auto', True or False, got {compile!r}.")
    if spec.experiment is not None:
        return False  # experiments run point by point (PyBaMM Experiment), not batched
    if compile == "auto":
        return can_compile() and n_points / max(int(workers), 1) >= COMPILE_MIN_POINTS
    return bool(compile)


def run_sweep(spec, out_dir, engine="local", workers=None, scheduler=None, resume=False,
              progress=True, rebuild=False, chunk=None, compile="auto"):
    """Run (or finish) a sweep and return its table as a :class:`pandas.DataFrame`.

    Parameters
    ----------
    spec : SweepSpec or str or Path
        A parsed spec or a sweep TOML path.
    out_dir : str or Path
        Where ``sweep.sqlite``, ``results.csv`` and the plots go.
    engine : {"local", "dask"}
        Local worker processes, or Dask (a LocalCluster, or ``scheduler``).
    workers : int, optional
        Worker processes (default: the CPU count; ignored with ``scheduler``).
    scheduler : str, optional
        Address of a running Dask scheduler ("tcp://host:8786").
    resume : bool
        Finish an interrupted sweep in ``out_dir`` (same spec), running only the
        missing points.
    rebuild : bool
        Rebuild the model for every point instead of passing values as inputs
        (for benchmarks).
    chunk : int, optional
        Points per batched IDAKLU call (default :data:`CHUNK`; 1 = one dense solve
        per point, as before batching; for benchmarks).
    compile : {"auto", True, False}
        Solve batched discharges with compiled model functions (PyBaMM's IDAKLU
        ``"compile"`` option; needs gcc; the same results to the solver's
        tolerance). ``"auto"``: when gcc is found and the sweep has at least
        :data:`COMPILE_MIN_POINTS` points per worker (a first compile of a model
        takes ~5 s, then it is cached on disk).
    """
    if not isinstance(spec, SweepSpec):
        spec = load_sweep(spec)
    if engine not in ("local", "dask"):
        raise InputError(f"engine must be 'local' or 'dask', got {engine!r}.")
    if scheduler is not None and engine != "dask":
        raise InputError("--scheduler needs --engine dask.")
    if workers is not None and (isinstance(workers, bool) or workers != int(workers)):
        raise InputError(f"workers must be a whole number >= 1, got {workers!r}.")
    workers = int(workers or os.cpu_count() or 1)
    if workers < 1:
        raise InputError(f"workers must be >= 1, got {workers}.")
    # decided on the whole sweep, so a resumed sweep solves as the uninterrupted one
    compile = compile_choice(compile, spec, len(spec.points), workers)
    # a scheduler that is not there is one message before anything is written
    client = connect(scheduler) if scheduler is not None else None
    try:
        with folder_lock(out_dir, busy=SWEEP_BUSY.format(out_dir)):  # one at a time
            return _run(spec, out_dir, engine, workers, client, resume, progress,
                        rebuild, chunk, compile)
    finally:
        if client is not None:
            client.close()


def _check_foreign(out_dir):
    """Refuse a folder that holds no sweep store but result files (a user's own
    results.csv, another command's summary.json): the sweep would replace them."""
    from ..folders import OUTPUT_SUFFIXES
    from .store import STORE

    out = Path(out_dir)
    if (out / STORE).exists():
        return
    theirs = sorted(p.name for p in out.iterdir()
                    if p.suffix in OUTPUT_SUFFIXES and not p.name.startswith(".ssb"))
    if theirs:
        shown = ", ".join(theirs[:5]) + (", ..." if len(theirs) > 5 else "")
        raise InputError(f"--out '{out_dir}' holds result files that no sweep wrote "
                         f"({shown}) and a sweep would replace them; give another (or "
                         "an empty) folder.")


def _run(spec, out_dir, engine, workers, client, resume, progress, rebuild, chunk,
         compile):
    _check_foreign(out_dir)
    store = Store(out_dir)
    try:
        stored = store.spec()
        done = store.done_keys()
        if stored is not None and stored != spec.canonical():
            raise InputError(f"'{out_dir}' holds a different sweep; choose another --out.")
        if stored is not None and done and not resume:
            raise InputError(f"'{out_dir}' already holds this sweep ({len(done)} of "
                             f"{len(spec.points)} points done); pass --resume to finish "
                             "it, or choose another --out.")
        store.set_spec(spec.canonical(), spec.source)
    except BaseException:
        store.close()
        raise
    keys = [point_key(p) for p in spec.points]
    todo, seen = [], set(done)
    for i, (p, key) in enumerate(zip(spec.points, keys)):
        if key not in seen:  # a point sampled twice (Morris trajectories) is solved once
            seen.add(key)
            todo.append((i, p))
    jobs = group_structural([
        (i, Job(cell=spec.cell, c_rate=spec.c_rate, temperature_C=spec.temperature_C,
                options=spec.options, overrides=spec.overrides, point=p,
                metrics=spec.metrics, rebuild=rebuild, experiment=spec.experiment))
        for i, p in todo])
    bar = None
    if progress:
        from tqdm import tqdm

        total = len(set(keys))
        bar = tqdm(total=total, initial=total - len(jobs), desc=spec.name, unit="pt",
                   dynamic_ncols=True)
    size = int(chunk or CHUNK)
    results = (_local_results(jobs, min(workers, max(len(jobs), 1)), size, compile)
               if engine == "local"
               else _dask_results(jobs, workers, client, size, compile))
    failed = 0
    try:
        if jobs:
            for done_chunk in results:
                store.add_many([(i, spec.points[i], res) for i, res in done_chunk])
                failed += sum(res["status"] != "ok" for _, res in done_chunk)
                if bar is not None:
                    bar.update(len(done_chunk))
                    bar.set_postfix(failed=failed)
    finally:
        results.close()  # stops the pool now (a failed write, Ctrl-C), not at exit
        if bar is not None:
            bar.close()
        store.close()
    df = load_results(out_dir)
    export(spec, df, out_dir)
    return df
