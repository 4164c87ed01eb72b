"""Every figure's matplotlib: the one module that imports it (non-interactive "Agg"
backend, so runs on machines without a display), and the figure helpers shared by
experiments, sweeps, comparisons and fits."""


def pyplot():
    """``matplotlib.pyplot`` on the "Agg" backend."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def save(fig, path, note=None, dpi=120):
    """Lay out, write and close ``fig``; ``note`` (the run's model, options and
    overrides) in small print at the bottom. Returns the path as a string."""
    fig.tight_layout()
    if note:
        fig.subplots_adjust(bottom=fig.subplotpars.bottom + 0.04)
        fig.text(0.01, 0.005, note, fontsize=6, color="0.35", va="bottom")
    fig.savefig(path, dpi=dpi)
    pyplot().close(fig)
    return str(path)


def per_cycle_figure(path, cycles, series, ylabel, title, note):
    """One figure of quantities against the cycle number: ``series`` = [(y, style,
    label), ...]."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(6, 4))
    for y, style, label in series:
        ax.plot(cycles, y, style, ms=3, label=label)
    ax.set_xlabel("Cycle")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return save(fig, path, note)


def nyquist(ax, z_real, minus_z_imag, **style):
    """A Nyquist plot on ``ax`` (Ohm cm2, equal axes)."""
    ax.plot(z_real, minus_z_imag, **({"marker": "o", "ms": 3} | style))
    ax.set_xlabel("Re Z [Ohm cm2]")
    ax.set_ylabel("-Im Z [Ohm cm2]")
    ax.set_aspect("equal", adjustable="datalim")
