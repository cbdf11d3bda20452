"""The build engine: builders plan jobs, one engine runs them (incremental, parallel, on Dask, watched).

    job model       media.engine.job       Job, Artifact
    content keys    media.engine.keys      what a job reads, digested
    running a job   media.engine.execute   staging, by-value tasks for remote workers
    executors       media.engine.executors thread, worker processes, Dask; which one runs a task
    graph and order media.engine.graph     needs resolved to job ids, topological order
    freshness       media.engine.freshness keys, and whether recorded files are still intact
    commit          media.engine.commit    outputs moved into place, outdated ones removed
    placing         media.engine.placing   only over the engine's own files, never through a link
    output folder   media.engine.outdir    refused --out folders, real folders only below it
    manifests       media.engine.manifests manifest.json per storyboard and language
    the engine      media.engine.run       Plan, Report, and the loop that orders the above
    state and lock  media.engine.state     outside the site, in the user's cache folder
    watching        media.engine.watch     rebuild on save

The engine sits below the builders: it never imports them (a job names its builder's class, which a
worker imports by name).
"""
from media.engine.job import PACKAGE, Artifact, Job, Progress, no_progress

__all__ = ["PACKAGE", "Artifact", "Job", "Progress", "no_progress"]
