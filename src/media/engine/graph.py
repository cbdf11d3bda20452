"""Graph and order: what each planned job needs, resolved to job ids, and the order to run them in.

A job's `needs` are ids or patterns (`plan-18/fa/*`, `*/*/video/*`). A pattern matches planned jobs
and jobs recorded by earlier builds that are not planned this time (so `--only site` shows what earlier
builds made); an id must be one or the other. Jobs then run dependencies first, the costliest first
among those ready (long videos start early).
"""
from __future__ import annotations

import fnmatch
import re
from dataclasses import replace
from typing import Iterable

from media.engine.job import Job


def resolve_needs(jobs: list[Job], recorded: Iterable[str]) -> tuple[list[Job], set[str]]:
    """The jobs with their `needs` as job ids, and the ids among them that are recorded, not planned.

    `recorded`: ids of jobs made by earlier builds, not planned now, whose files are still on disk."""
    ids = [j.id for j in jobs]
    if len(set(ids)) != len(ids):
        raise RuntimeError(f"two jobs share an id: {sorted({i for i in ids if ids.count(i) > 1})}")
    known = set(ids)
    recorded = [jid for jid in recorded if jid not in known]
    recorded_set = set(recorded)
    candidates = ids + recorded
    patterns: dict[str, list[str]] = {}  # a pattern's matches, worked out once (many jobs share one)
    outside: set[str] = set()
    resolved = []
    for j in jobs:
        needs: dict[str, None] = {}  # ordered, without repeats
        for n in j.needs:
            if any(ch in n for ch in "*?["):
                if n not in patterns:
                    match = re.compile(fnmatch.translate(n)).match
                    patterns[n] = [x for x in candidates if match(x)]
                needs.update((x, None) for x in patterns[n] if x != j.id)
            elif n in known or n in recorded_set:
                needs[n] = None
            else:
                raise RuntimeError(f"job {j.id} needs {n}, which is neither planned nor made before")
        outside.update(x for x in needs if x not in known)
        resolved.append(replace(j, needs=tuple(needs)))
    return resolved, outside


def toposort(jobs: list[Job]) -> list[Job]:
    """Dependencies first; among ready jobs, the costliest first (long videos start early)."""
    by_id = {j.id: j for j in jobs}
    indeg = {j.id: 0 for j in jobs}
    users: dict[str, list[str]] = {j.id: [] for j in jobs}
    for j in jobs:
        for n in j.needs:
            if n in users:  # needs outside the plan (recorded earlier) are already done
                indeg[j.id] += 1
                users[n].append(j.id)
    ready = sorted((j for j in jobs if not indeg[j.id]), key=lambda j: -j.cost_s)
    out: list[Job] = []
    while ready:
        j = ready.pop(0)
        out.append(j)
        for u in users[j.id]:
            indeg[u] -= 1
            if not indeg[u]:
                ready.append(by_id[u])
        ready.sort(key=lambda j: -j.cost_s)
    if len(out) != len(jobs):
        raise RuntimeError("job dependencies form a cycle")
    return out
